package org.newsroom.compiled;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the reads the engine leaves to the interpreter's resolvers
 * ({@code newsroom_read_engine_interpreted_total}), by reason: {@code declined}, a query operation
 * the engine does not plan; {@code failed}, the engine failing before its statement ran (a
 * defect, logged; a statement that fails is answered with its error, never by the interpreter);
 * {@code payload}, a mutation's payload or a subscription's
 * event the engine did not read. Documents refused before they run (invalid, over a limit, a
 * mutation's write) are no reads: not counted. While the interpreter's read path is retired, this
 * says what still reaches it.
 */
@ApplicationScoped
class InterpretedReads {

    private final Counter declined;
    private final Counter failed;
    private final Counter payload;

    @Inject
    InterpretedReads(MeterRegistry registry) {
        declined = counter(registry, "declined");
        failed = counter(registry, "failed");
        payload = counter(registry, "payload");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder("newsroom.read.engine.interpreted").tag("reason", reason)
                .description("Reads the read engine left to the interpreter, by reason").register(registry);
    }

    void declined() {
        declined.increment();
    }

    void failed() {
        failed.increment();
    }

    void payload() {
        payload.increment();
    }
}
