package org.newsroom.replica;

import org.jboss.logging.Logger;
import org.newsroom.quota.Quota;

import java.util.concurrent.CompletableFuture;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.OperationDefinition;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;

/**
 * After a mutation of an identified caller (editor, admin, partner), over HTTP or WebSocket, tells
 * {@link ReadRouting} where the primary's WAL stands, so that the caller's next reads wait for a
 * replica that has replayed it. Nothing at all when no replica is configured.
 */
public class ReadYourWritesInstrumentation extends SimplePerformantInstrumentation {

    private static final String WRITER = ReadYourWritesInstrumentation.class.getName() + ".writer";
    private static final Logger LOG = Logger.getLogger(ReadYourWritesInstrumentation.class);

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        if (execution.getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION) {
            return SimpleInstrumentationContext.noOp();
        }
        ReadRouting routing = Arc.container().instance(ReadRouting.class).get();
        if (!routing.replicaConfigured()) {
            return SimpleInstrumentationContext.noOp();
        }
        Quota.Caller caller = execution.getGraphQLContext().get(Quota.CALLER);
        if (caller == null && Arc.container().requestContext().isActive()) {
            caller = Quota.caller(Arc.container().instance(SecurityIdentity.class).get(), null);
        }
        if (caller == null || caller.kind() == Quota.CallerKind.ANONYMOUS) {
            LOG.debugf("A mutation of %s: its reads are not held to the primary",
                    caller == null ? "a caller not known here (no request context)" : "an anonymous caller");
            return SimpleInstrumentationContext.noOp();
        }
        execution.getGraphQLContext().put(WRITER, caller);
        return SimpleInstrumentationContext.noOp();
    }

    /**
     * The mutation's transactions have committed. Recorded here, in the chain that produces the
     * response, so that the caller cannot read before the position is known (a callback on the
     * operation's completion could run after the response was sent).
     */
    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        Quota.Caller writer = parameters.getGraphQLContext().get(WRITER);
        if (writer != null) {
            ReadRouting routing = Arc.container().instance(ReadRouting.class).get();
            LOG.debugf("A mutation of %s: its reads wait for the replica to replay it", writer.key());
            if (Context.isOnEventLoopThread()) {
                routing.wrote(writer, ReadRouting.UNKNOWN_POSITION); // no blocking here: the time bound applies
            } else {
                routing.recordWrite(writer);
            }
        }
        return CompletableFuture.completedFuture(result);
    }
}
