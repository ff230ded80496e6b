package org.newsroom.compiled;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.newsroom.article.RightsConfig;
import org.newsroom.country.CountryCatalog;
import org.newsroom.country.CountryNameIndex;
import org.newsroom.db.Sql;
import org.newsroom.graphql.DocumentParser;
import org.newsroom.graphql.OperationLimitsInstrumentation;
import org.newsroom.quota.QueryCost;
import org.newsroom.search.SearchQueries;
import org.newsroom.syndication.NinjsRenderer;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.CoercedVariables;
import graphql.execution.ValuesResolver;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLSchema;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;

/**
 * The compiled read path: a query operation becomes one SQL statement that returns its
 * {@code data} as JSON (see {@link OperationCompiler}). Documents are parsed and validated once
 * per (text, operation name) and kept in a bounded cache, each with its compiled statements: one
 * per {@link Viewer} for an operation without variables; with variables, one per viewer and
 * values of the variables that shape the statement (page sizes, filters, languages, what
 * {@code @skip} reads), those it only binds ({@link BoundVariables}: slugs, IDs, codes, cursors,
 * name prefixes, searches) being parameters that each request binds. Whatever is not for this
 * path (invalid, not a query, above the interpreter's depth or complexity limits, a field or
 * argument it does not handle) is {@link NotCompilable}.
 */
@ApplicationScoped
public class CompiledReads {

    @Inject
    CompiledReadsConfig config;

    @Inject
    Instance<GraphQLSchema> schemas;

    @Inject
    DataSource dataSource;

    @Inject
    CompiledReadsDatabase database;

    @Inject
    SearchQueries searches;

    @Inject
    CountryCatalog countryCatalog;

    @Inject
    CountryNameIndex countryNames;

    @Inject
    NinjsRenderer ninjs;

    @Inject
    RightsConfig rights;

    @Inject
    DocumentParser documentParser;

    /**
     * The operation limits as the interpreter checks them before validation. A document within them
     * is within SmallRye's depth and complexity limits too (graphql-java's, which measure the fields
     * the variables leave, never more than these count), so the engine answers every such document.
     */
    private final OperationLimitsInstrumentation limits = OperationLimitsInstrumentation.configured();

    /** Longer documents are prepared for each request: the cache holds at most its size times this. */
    private static final int MAX_CACHED_DOCUMENT = 20_000;

    /**
     * Statements a document with variables keeps (viewers times shapes of its variables): enough for
     * a page's few page sizes and languages; a filter value typed letter by letter that no bound
     * variable gives compiles each time.
     */
    private static final int MAX_STATEMENTS_PER_DOCUMENT = 16;

    private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();
    private final LongAdder statementsRun = new LongAdder();
    private final LongAdder compilations = new LongAdder();
    /** The characters of SQL the kept statements hold (config.statementCacheChars at most, give or take a race). */
    private final AtomicLong keptChars = new AtomicLong();
    private volatile GraphQLSchema schema;

    /**
     * One operation of one request, ready to run: its SQL, its variables' parameters and what it costs.
     *
     * @param errors the errors of root fields refused for this request's arguments, as the
     *        interpreter reports them; null without any
     * @param noData whether a refusal of this request's values leaves no data (no statement runs)
     * @param readForErrors the root fields refused for this request's values when the statement
     *        still runs for the errors its rows tell below the other root fields (the data null, the
     *        refused fields' parameters null); null otherwise
     */
    public record Compiled(OperationCompiler.CompiledStatement statement, long cost, String operationName,
            Map<Sql.Placeholder, Object> arguments, List<GraphQLError> errors, boolean noData,
            Set<String> readForErrors) {

        Compiled(OperationCompiler.CompiledStatement statement, long cost, String operationName,
                Map<Sql.Placeholder, Object> arguments, List<GraphQLError> errors, boolean noData) {
            this(statement, cost, operationName, arguments, errors, noData, null);
        }

        /** Whether the data stays null whatever the statement reads: it runs for the errors its rows tell. */
        boolean dataNullAfterRead() {
            return readForErrors != null || statement.readForErrors();
        }

        /** The data when no statement reads it (JSON), else null. */
        String constantData() {
            return noData ? "null" : statement.constantData();
        }

        public String sql() {
            return statement.sql();
        }

        /** Its parameters, with the calling partner's id (null for anyone else) where the statement asks for it. */
        List<Object> parameters(Long partnerId) {
            return statement.parameters(arguments, partnerId);
        }

        /** The answer when the statement found feeds read after cursors that expired: no data, and their errors. */
        Compiled nothingRead(ExpiredFeeds expired) {
            List<GraphQLError> found = statement.nothingRead(expired, errors == null ? List.of() : errors);
            return new Compiled(statement, cost, operationName, Map.of(), found, true);
        }

        /**
         * This answer with these errors in place of its own: its own and those a step over the
         * statement's rows found, or a failed statement's with the request's own refusals.
         */
        Compiled withErrors(List<GraphQLError> found) {
            return new Compiled(statement, cost, operationName, arguments, found, false);
        }

        /** The same statement for another request's variables. */
        Compiled boundTo(Map<String, Object> variables, String caller, Long partnerId) {
            OperationCompiler.Refusals refused = statement.refusals(new OperationCompiler.Asked(variables, caller,
                    partnerId));
            if (refused != null && refused.readForErrors() != null) {
                return new Compiled(statement, cost, operationName, statement.bind(variables, refused.readForErrors()),
                        refused.errors(), false, refused.readForErrors());
            }
            if (refused != null && refused.noData()) {
                return new Compiled(statement, cost, operationName, Map.of(), refused.errors(), true);
            }
            return new Compiled(statement, cost, operationName, statement.bind(variables),
                    refused == null ? null : refused.errors(), false);
        }
    }

    /** The statement a document keeps for a viewer and its variables' shape (BoundVariables.shape). */
    private record ShapeKey(int viewer, List<Object> shape) {
    }

    private record PlanKey(String query, String operationName) {
    }

    /** A parsed and validated query operation, with the statements it compiled to. */
    private static final class Plan {
        final Document document;
        final OperationDefinition operation;
        final Map<String, FragmentDefinition> fragments;
        final BoundVariables.Bound boundVariables;
        /** Without variables, an operation compiles the same way every time for a viewer, or never: by Viewer.ordinal(). */
        final AtomicReferenceArray<Compiled> constants = new AtomicReferenceArray<>(Viewer.values().length);
        /** Without variables: why it does not compile for a viewer (null: it does, or was not tried), by ordinal. */
        final AtomicReferenceArray<NotCompilable> refusedWithoutVariables = new AtomicReferenceArray<>(
                Viewer.values().length);
        /** With variables: a statement, or a Refusal, by viewer and shape of the variables. */
        final Map<ShapeKey, Object> byShape = new ConcurrentHashMap<>();
        /** The characters of SQL its kept statements hold. */
        final AtomicLong keptChars = new AtomicLong();
        /** No longer in the plan cache: what it would keep now is not counted. */
        volatile boolean evicted;

        Plan(Document document, OperationDefinition operation, BoundVariables.Bound boundVariables) {
            this.document = document;
            this.operation = operation;
            this.fragments = document == null ? Map.of() : NodeUtil.getFragmentsByName(document);
            this.boundVariables = boundVariables;
        }
    }

    /** A plan that always refuses: invalid documents, mutations, and so on. */
    private static final Plan NOT_COMPILABLE = new Plan(null, null, new BoundVariables.Bound(Map.of(), Map.of()));

    /**
     * Why an operation does not compile for a shape of its variables, as the compiler said: kept
     * with the plan and thrown again as it is (it has no stack trace), its kind with it.
     */
    private record Refusal(NotCompilable refusal) {
    }

    /** A variable the request does not give (a null it gives is another shape). */
    private static final Object ABSENT = new Object();

    /**
     * The compiled operation for this request.
     *
     * @throws NotCompilable for a document or variables SmallRye refuses ({@link NotCompilable#notARead}),
     *         or a read the engine cannot plan (a defect, answered as an internal error)
     */
    public Compiled compile(String query, String operationName, Map<String, Object> variables, Viewer viewer) {
        return compile(query, operationName, variables, viewer, null, null);
    }

    /**
     * {@link #compile(String, String, Map, Viewer)} for a caller who may be named in its errors.
     *
     * @param caller the caller's name (null when anonymous)
     * @param partnerId the calling partner's id (null for anyone else)
     */
    public Compiled compile(String query, String operationName, Map<String, Object> variables, Viewer viewer,
            String caller, Long partnerId) {
        Plan plan = plan(query, operationName);
        if (plan == NOT_COMPILABLE) {
            throw NotCompilable.notARead("document");
        }
        if (plan.operation.getVariableDefinitions().isEmpty()) {
            Compiled constant = withoutVariables(plan, operationName, viewer);
            // its errors (if any) name the caller: made again for each request
            return constant.statement().errors().isEmpty() ? constant : constant.boundTo(Map.of(), caller, partnerId);
        }
        CoercedVariables coerced;
        try {
            coerced = ValuesResolver.coerceVariableValues(schema(), plan.operation.getVariableDefinitions(),
                    RawVariables.of(variables == null ? Map.of() : variables), GraphQLContext.getDefault(),
                    Locale.getDefault());
        } catch (RuntimeException invalidVariables) {
            throw NotCompilable.notARead("variables");
        }
        ShapeKey key = new ShapeKey(viewer.ordinal(), shape(plan, coerced.toMap()));
        Object known = plan.byShape.get(key);
        if (known instanceof Refusal refusal) {
            throw refusal.refusal();
        }
        if (known != null) {
            return ((Compiled) known).boundTo(coerced.toMap(), caller, partnerId);
        }
        Compiled compiled;
        try {
            compiled = compile(plan, operationName, coerced, viewer);
        } catch (NotCompilable refused) {
            if (!refused.forNow()) {
                keep(plan, key, new Refusal(refused));
            }
            throw refused;
        }
        keep(plan, key, compiled);
        return compiled.boundTo(coerced.toMap(), caller, partnerId);
    }

    private Compiled withoutVariables(Plan plan, String operationName, Viewer viewer) {
        Compiled constant = plan.constants.get(viewer.ordinal());
        if (constant != null) {
            return constant;
        }
        NotCompilable refusal = plan.refusedWithoutVariables.get(viewer.ordinal());
        if (refusal != null) {
            throw refusal;
        }
        try {
            Compiled compiled = compile(plan, operationName, CoercedVariables.emptyVariables(), viewer)
                    .boundTo(Map.of(), null, null);
            if (reserve(plan, compiled)) {
                plan.constants.set(viewer.ordinal(), compiled);
            }
            return compiled;
        } catch (NotCompilable refused) {
            if (!refused.forNow()) {
                plan.refusedWithoutVariables.set(viewer.ordinal(), refused);
            }
            throw refused;
        }
    }

    /**
     * What of the variables' values the statement depends on: a bound variable's shape, any other
     * variable's value (absent and null apart, as GraphQL tells them apart).
     */
    private static List<Object> shape(Plan plan, Map<String, Object> coerced) {
        List<Object> shape = new ArrayList<>(plan.operation.getVariableDefinitions().size());
        for (var definition : plan.operation.getVariableDefinitions()) {
            String name = definition.getName();
            Set<BoundVariables.Site> sites = plan.boundVariables.sites().get(name);
            if (!coerced.containsKey(name)) {
                shape.add(ABSENT);
            } else if (sites != null) {
                shape.add(plan.boundVariables.shape(name, coerced.get(name)));
            } else {
                shape.add(coerced.get(name));
            }
        }
        return shape;
    }

    private void keep(Plan plan, ShapeKey key, Object statementOrRefusal) {
        if (plan.byShape.size() >= MAX_STATEMENTS_PER_DOCUMENT) {
            // Bounded, not LRU: an arbitrary entry makes room.
            Iterator<ShapeKey> keys = plan.byShape.keySet().iterator();
            if (keys.hasNext()) {
                release(plan, plan.byShape.remove(keys.next()));
            }
        }
        if (statementOrRefusal instanceof Compiled compiled && !reserve(plan, compiled)) {
            return;
        }
        release(plan, plan.byShape.put(key, statementOrRefusal));
    }

    /** Whether the statement fits in what all kept statements may hold; counted as kept if so. */
    private boolean reserve(Plan plan, Compiled compiled) {
        long chars = chars(compiled);
        if (keptChars.addAndGet(chars) > config.statementCacheChars()) {
            keptChars.addAndGet(-chars);
            return false;
        }
        plan.keptChars.addAndGet(chars);
        if (plan.evicted) {
            // evicted meanwhile: its count was released already, or is released now
            plan.keptChars.addAndGet(-chars);
            keptChars.addAndGet(-chars);
        }
        return true;
    }

    /** A statement (or refusal, or nothing) no longer kept. */
    private void release(Plan plan, Object removed) {
        if (removed instanceof Compiled compiled) {
            long chars = chars(compiled);
            plan.keptChars.addAndGet(-chars);
            keptChars.addAndGet(-chars);
        }
    }

    private static long chars(Compiled compiled) {
        Sql.Statement withClock = compiled.statement().withClock();
        return compiled.statement().sql().length() + (long) compiled.statement().numberedSql().length()
                + (withClock == null ? 0 : withClock.text().length() + (long) withClock.jdbcText().length());
    }

    /** The characters of SQL the kept statements hold: tests check the bound. */
    long keptStatementChars() {
        return keptChars.get();
    }

    /** The characters of SQL the statements kept for one document hold (0 when it is not cached). */
    long keptStatementChars(String query, String operationName) {
        Plan plan = plans.get(new PlanKey(query, operationName));
        return plan == null ? 0 : plan.keptChars.get();
    }

    private Compiled compile(Plan plan, String operationName, CoercedVariables coerced, Viewer viewer) {
        ExecutableNormalizedOperation normalized;
        try {
            normalized = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperation(schema(),
                    plan.document, operationName, coerced);
        } catch (RuntimeException invalidVariables) {
            throw NotCompilable.notARead("variables");
        }
        compilations.increment();
        long cost = QueryCost.of(normalized, schema());
        OperationCompiler.Request request = new OperationCompiler.Request(schema(), plan.fragments, coerced.toMap(),
                plan.boundVariables.sites().keySet(), searches, viewer, countryCatalog, countryNames, ninjs,
                rights.copyrightHolder());
        return new Compiled(OperationCompiler.compile(normalized, request), cost, plan.operation.getName(), Map.of(),
                null, false);
    }

    /**
     * Runs a compiled operation: its {@code data} as JSON, UTF-8 as the driver received it.
     *
     * The statement reads which feeds expired in place of the data when it finds a feed's expired
     * cursor ({@link ExpiredFeeds}, whose errors {@link Compiled#nothingRead(ExpiredFeeds)} gives).
     *
     * @param acceptLanguage the request's Accept-Language header (localised names without lang), or null
     * @param partnerId the calling partner's id, null for anyone else
     */
    public byte[] run(Compiled compiled, String acceptLanguage, Long partnerId) throws SQLException {
        if (compiled.constantData() != null) {
            return constantData(compiled);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(compiled.statement().sql())) {
            List<Object> parameters = compiled.parameters(partnerId);
            bind(connection, statement, parameters);
            statementsRun.increment();
            try (ResultSet row = statement.executeQuery()) {
                SearchPage searchPage = compiled.statement().searchPage();
                if (searchPage != null) {
                    int columns = row.getMetaData().getColumnCount();
                    List<Object[]> rows = new ArrayList<>();
                    while (row.next()) {
                        Object[] values = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            values[i] = row.getObject(i + 1);
                        }
                        rows.add(values);
                    }
                    Buffer data = searchPage.answer(rows, compiled.arguments());
                    return data == null ? null : compiled.statement().finish(data.getBytes(), acceptLanguage);
                }
                row.next();
                // A bytea value: the JSON's UTF-8 bytes, no decoding and encoding again.
                byte[] data = row.getBytes(1);
                return data == null ? null : compiled.statement().finish(data, acceptLanguage);
            }
        }
    }

    /**
     * Runs a compiled operation over Vert.x's PostgreSQL client: its {@code data} as JSON, UTF-8; null
     * for the interpreter, as {@link #run(Compiled, String, Long)}.
     */
    public Future<Buffer> run(Pool pool, Compiled compiled, String acceptLanguage, Long partnerId) {
        if (compiled.constantData() != null) {
            return Future.succeededFuture(Buffer.buffer(constantData(compiled)));
        }
        statementsRun.increment();
        SearchPage searchPage = compiled.statement().searchPage();
        List<Object> parameters = compiled.parameters(partnerId);
        Future<Buffer> data = searchPage != null
                ? database.rows(pool, compiled.statement().numberedSql(), parameters)
                        .map(rows -> searchPage.answer(rows, compiled.arguments()))
                : database.run(pool, compiled.statement().numberedSql(), parameters);
        return compiled.statement().steps().isEmpty() ? data
                : data.map(json -> json == null ? null
                        : Buffer.buffer(compiled.statement().finish(json.getBytes(), acceptLanguage)));
    }

    /** The data of an operation whose refused root fields leave nothing to read: no statement runs. */
    private static byte[] constantData(Compiled compiled) {
        return compiled.constantData().getBytes(StandardCharsets.UTF_8);
    }

    /** A read's data (null where run(...) gives null) and ContentClock's two columns, from one statement. */
    public record Clocked(byte[] data, Instant changed, Instant now) {
    }

    /** {@link #run(Compiled, String, Long)} with ContentClock's columns: a GET's data and Last-Modified. */
    public Clocked runWithClock(Compiled compiled, String acceptLanguage, Long partnerId) throws SQLException {
        if (compiled.constantData() != null) {
            return new Clocked(constantData(compiled), null, Instant.now());
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(compiled.statement().withClock().jdbcText())) {
            List<Object> parameters = compiled.parameters(partnerId);
            bind(connection, statement, parameters);
            statementsRun.increment();
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                byte[] data = row.getBytes(1);
                Timestamp changed = row.getTimestamp(2);
                return new Clocked(data == null ? null : compiled.statement().finish(data, acceptLanguage),
                        changed == null ? null : changed.toInstant(), row.getTimestamp(3).toInstant());
            }
        }
    }

    /** {@link #runWithClock(Compiled, String, Long)} over Vert.x's PostgreSQL client. */
    public Future<Clocked> runWithClock(Pool pool, Compiled compiled, String acceptLanguage, Long partnerId) {
        if (compiled.constantData() != null) {
            return Future.succeededFuture(new Clocked(constantData(compiled), null, Instant.now()));
        }
        statementsRun.increment();
        return database.rows(pool, compiled.statement().withClock().text(), compiled.parameters(partnerId)).map(rows -> {
            Object[] row = rows.get(0);
            byte[] data = row[0] == null ? null : compiled.statement().finish(((Buffer) row[0]).getBytes(), acceptLanguage);
            return new Clocked(data, instant(row[1]), instant(row[2]));
        });
    }

    /**
     * The parameters over JDBC: a list's keys of one type are a Java array (Vert.x's client takes it
     * as it is), an SQL array here.
     */
    private static void bind(Connection connection, PreparedStatement statement, List<Object> parameters)
            throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof Object[] array) {
                String type = array instanceof String[] ? "text" : array instanceof Integer[] ? "int4" : "int8";
                statement.setArray(i + 1, connection.createArrayOf(type, array));
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
    }

    /** A timestamptz as Vert.x's client gives it, as an Instant (null for NULL). */
    static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime at ? at.toInstant() : null;
    }

    /** SQL statements run by this path since start: tests check that one answer costs one statement. */
    public long statementsRun() {
        return statementsRun.sum();
    }

    /** Operations compiled since start: tests check that one statement serves every value of its bound variables. */
    public long compilations() {
        return compilations.sum();
    }

    private Plan plan(String query, String operationName) {
        if (query.length() > MAX_CACHED_DOCUMENT) {
            return prepare(query, operationName);
        }
        PlanKey key = new PlanKey(query, operationName);
        Plan plan = plans.get(key);
        if (plan == null) {
            plan = prepare(query, operationName);
            if (plans.size() >= config.planCacheSize()) {
                // Bounded, not LRU: an arbitrary entry makes room; hot documents come back at once.
                Iterator<PlanKey> keys = plans.keySet().iterator();
                if (keys.hasNext()) {
                    Plan removed = plans.remove(keys.next());
                    if (removed != null) {
                        removed.evicted = true;
                        keptChars.addAndGet(-removed.keptChars.getAndSet(0));
                    }
                }
            }
            plans.put(key, plan);
        }
        return plan;
    }

    private Plan prepare(String query, String operationName) {
        try {
            Document document = documentParser.parse(query);
            OperationDefinition operation = NodeUtil.getOperation(document, operationName).operationDefinition;
            if (operation.getOperation() != OperationDefinition.Operation.QUERY
                    || !ParseAndValidate.validate(schema(), document).isEmpty()
                    || limits.breach(document) != null) { // the interpreter refuses it (OperationLimitsInstrumentation)
                return NOT_COMPILABLE;
            }
            Map<String, FragmentDefinition> fragments = NodeUtil.getFragmentsByName(document);
            return new Plan(document, operation, BoundVariables.of(schema(), operation, fragments));
        } catch (RuntimeException unparseableOrUnknownOperation) {
            return NOT_COMPILABLE;
        }
    }

    private GraphQLSchema schema() {
        GraphQLSchema current = schema;
        if (current == null) {
            current = schemas.get();
            schema = current;
        }
        return current;
    }
}
