package org.newsroom.compiled;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.PageArgs;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLWebSocket;
import org.newsroom.testing.Rows;
import org.newsroom.testing.SeedArticle;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.Node;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The read engine answers every valid query, checked against itself and against what the lists
 * are documented to hold: documents generated from the committed schema (every field of Query and
 * of the objects reachable from it, small random selections, connection arguments with cursors
 * earlier answers produced, filters and orders, localised names, named and inline fragments,
 * aliases, the same field twice with other arguments, variables, {@code @skip} and
 * {@code @include}, {@code __typename}), each sent as an anonymous reader, a subscriber, a
 * partner, an editor and an admin, over POST or (some short ones) GET. Three properties:
 * <ul>
 * <li>every document is the engine's, in one statement at the most; sent again with other values
 * of the variables its statement only binds (other slugs, IDs, codes, prefixes, searches and
 * cursors: {@link BoundVariables}), the statement kept for that shape answers as a plan made
 * fresh for those values does;</li>
 * <li>each document answers as its root fields do asked one by one, as it does over GET and over
 * a WebSocket;</li>
 * <li>every list, for every viewer, read in pages of random sizes is its whole, in its documented
 * order and visibility, and each of its objects is what its ID reads.</li>
 * </ul>
 *
 * <p>{@code -Dcompiled.property.tries=N} runs more cases, {@code -Dcompiled.property.seed=S}
 * repeats a run (each run prints its seed; a failure prints the seed, the document, its variables
 * and the answers).
 */
@QuarkusTest
class CompiledPropertyTest {

    private static final int TRIES = Integer.getInteger("compiled.property.tries", 80);
    private static final long SEED = Long.getLong("compiled.property.seed", new Random().nextLong());
    private static final int MAX_FAILURES = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Client addresses (100.96.0.0/11 of the shared address space) no other test uses: a fresh bucket each. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    DataSource dataSource;

    @Inject
    CompiledReads reads;

    @Inject
    io.vertx.core.Vertx vertx;

    @TestHTTPResource("/graphql")
    java.net.URI endpoint;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeRows() throws SQLException {
        TestData.remove(prefix);
        Rows.execute(dataSource, "delete from partner where starts_with(name, '" + prefix + "')");
    }

    /** Who asks: each kind of caller the service tells apart. */
    enum Caller {
        READER(Viewer.READER), SUBSCRIBER(Viewer.READER), PARTNER(Viewer.PARTNER), EDITOR(Viewer.EDITOR),
        ADMIN(Viewer.ADMIN);

        final Viewer viewer;

        Caller(Viewer viewer) {
            this.viewer = viewer;
        }
    }

    @Test
    void everyGeneratedDocumentIsTheEnginesAndAKeptStatementAnswersOtherValuesAsAFreshPlanDoes()
            throws SQLException, IOException {
        Values values = createRows();
        GraphQLSchema schema = committedSchema();
        Random random = new Random(SEED);
        System.out.println("CompiledPropertyTest: seed " + SEED + " (-Dcompiled.property.seed=" + SEED + " repeats it)");

        List<String> failures = new ArrayList<>();
        Map<Caller, int[]> byCaller = new TreeMap<>();
        long started = System.nanoTime();
        int withErrors = 0;
        int overGet = 0;
        int variants = 0;
        int variantsReusingAStatement = 0;
        int tried = 0;
        for (; tried < TRIES && failures.size() < MAX_FAILURES; tried++) {
            Caller caller = Caller.values()[random.nextInt(Caller.values().length)];
            GeneratedRequest request = new Documents(schema, random, values, caller).next();
            String[] credentials = credentials(caller, request.hashCode());
            byCaller.computeIfAbsent(caller, c -> new int[1])[0]++;
            long statementsBefore = reads.statementsRun();
            Response answer = post(request, credentials);
            String failure = notTheEnginesInOneStatement(answer, reads.statementsRun() - statementsBefore, request,
                    caller);
            if (request.overGet()) {
                overGet++;
            }
            if (answer.asString().contains("\"errors\"")) {
                withErrors++;
            }
            GeneratedRequest variant = failure == null ? withOtherBoundValues(request, schema, values, random) : null;
            if (failure == null) {
                values.learnFrom(request, answer.asString());
            }
            if (variant != null) {
                variants++;
                long compilations = reads.compilations();
                statementsBefore = reads.statementsRun();
                Response kept = post(variant, credentials);
                failure = notTheEnginesInOneStatement(kept, reads.statementsRun() - statementsBefore, variant, caller);
                if (reads.compilations() == compilations) {
                    variantsReusingAStatement++;
                }
                // the same operation in other text: a plan of its own, made for these values
                Response fresh = post(new GeneratedRequest(variant.document() + " ", variant.variables(),
                        variant.acceptLanguage(), variant.overGet(), variant.connections()), credentials);
                if (failure == null && (kept.statusCode() != fresh.statusCode()
                        || !RootParts.dataAndErrors(kept, true).equals(RootParts.dataAndErrors(fresh, true)))) {
                    failure = "with other values (" + json(variant.variables()) + "), the kept statement answered "
                            + kept.asString() + "\n  and a fresh plan " + fresh.asString();
                }
            }
            if (failure != null) {
                failures.add("case " + tried + " (seed " + SEED + "), " + caller + ": " + failure + "\n  document: "
                        + request.document() + "\n  variables: " + json(request.variables())
                        + (request.acceptLanguage() == null ? "" : "\n  Accept-Language: " + request.acceptLanguage())
                        + (request.overGet() ? "\n  over GET" : ""));
            }
        }
        StringBuilder perCaller = new StringBuilder();
        byCaller.forEach((caller, counts) -> perCaller.append(' ').append(caller).append(' ').append(counts[0]));
        System.out.printf("CompiledPropertyTest: seed %d, %d cases in %d s, %d over GET, %d with errors;%s; %d variants"
                + " with other bound values, %d answered by a kept statement%n", SEED, tried,
                (System.nanoTime() - started) / 1_000_000_000, overGet, withErrors, perCaller, variants,
                variantsReusingAStatement);
        assertTrue(failures.isEmpty(), failures.size() + " failures (seed " + SEED + "):\n" + String.join("\n", failures));
        assertTrue(byCaller.keySet().containsAll(List.of(Caller.values())), "every viewer asked (seed " + SEED + ")");
    }

    /** Why an answer is not the engine's in at most one statement; null when it is. */
    private String notTheEnginesInOneStatement(Response answer, long statements, GeneratedRequest request,
            Caller caller) {
        if (!"compiled".equals(answer.header(CompiledReadRoute.EXECUTION))) {
            return "not the engine's (" + whyNotCompiled(request, caller) + "): " + answer.asString();
        }
        return statements > 1 ? statements + " statements for one answer: " + answer.asString() : null;
    }

    /**
     * The engine checked against itself rather than against the interpreter: each generated
     * document's answer is what its root fields answer when asked one at a time (the data merged as
     * GraphQL merges fields; null when any of them makes it null; the same errors at the same
     * paths), and a document POSTed answers as it does over GET and (a quarter of them) over a
     * WebSocket, each answer in one statement at the most. Only the engine's answers count: the interpreter is never asked.
     */
    @Test
    void generatedDocumentsAnswerAsTheirRootFieldsDoOneByOneAndOverGet() throws SQLException, IOException {
        Values values = createRows();
        GraphQLSchema schema = committedSchema();
        Random random = new Random(SEED);
        System.out.println("CompiledPropertyTest relations: seed " + SEED);
        List<String> failures = new ArrayList<>();
        int split = 0;
        int overGet = 0;
        int overWebSockets = 0;
        int answeredByTheEngine = 0;
        int requests = 0;
        int tried = 0;
        for (; tried < TRIES && failures.size() < MAX_FAILURES; tried++) {
            Caller caller = Caller.values()[random.nextInt(Caller.values().length)];
            GeneratedRequest generated = new Documents(schema, random, values, caller).next();
            GeneratedRequest request = new GeneratedRequest(generated.document(), generated.variables(),
                    generated.acceptLanguage(), false, generated.connections());
            String[] credentials = credentials(caller, request.hashCode());
            long statementsBefore = reads.statementsRun();
            Response whole = post(request, credentials);
            List<Response> answers = new ArrayList<>(List.of(whole));
            String failure = null;
            List<GeneratedRequest> parts = RootParts.of(request);
            if (parts.size() > 1) {
                split++;
                List<Response> partAnswers = new ArrayList<>();
                for (GeneratedRequest part : parts) {
                    partAnswers.add(post(part, credentials));
                }
                answers.addAll(partAnswers);
                failure = RootParts.differenceFromParts(whole, partAnswers);
            }
            if (failure == null && request.document().length() < 1500) {
                overGet++;
                Response get = post(new GeneratedRequest(request.document(), request.variables(),
                        request.acceptLanguage(), true, request.connections()), credentials);
                answers.add(get);
                if (get.statusCode() != whole.statusCode() || !RootParts.dataAndErrors(get, true)
                        .equals(RootParts.dataAndErrors(whole, true))) {
                    failure = "over GET (" + get.statusCode() + "): " + get.asString();
                }
            }
            int socketAnswers = 0;
            if (failure == null && tried % 4 == 0) {
                socketAnswers++;
                JsonNode overSocket = overWebSocket(request, credentials);
                JsonNode posted = JSON.readTree(whole.asByteArray());
                if (!String.valueOf(overSocket.get("data")).equals(String.valueOf(posted.get("data")))
                        || !String.valueOf(overSocket.get("errors")).equals(String.valueOf(posted.get("errors")))) {
                    failure = "over a WebSocket: " + overSocket;
                }
            }
            overWebSockets += socketAnswers;
            long statements = reads.statementsRun() - statementsBefore;
            if (failure == null && statements > answers.size() + socketAnswers) {
                failure = statements + " statements for " + (answers.size() + socketAnswers) + " answers";
            }
            requests += answers.size();
            answeredByTheEngine += (int) answers.stream()
                    .filter(answer -> "compiled".equals(answer.header(CompiledReadRoute.EXECUTION))).count();
            if (failure != null) {
                failures.add("case " + tried + " (seed " + SEED + "), " + caller + ": " + failure + "\n  document: "
                        + request.document() + "\n  variables: " + json(request.variables()) + "\n  answer ("
                        + whole.statusCode() + "): " + whole.asString());
            } else {
                values.learnFrom(request, whole.asString());
            }
        }
        System.out.printf("CompiledPropertyTest relations: seed %d, %d cases, %d split into their root fields, %d also "
                + "over GET, %d over a WebSocket; %d of %d HTTP answers the engine's%n", SEED, tried, split, overGet,
                overWebSockets, answeredByTheEngine, requests);
        assertTrue(failures.isEmpty(), failures.size() + " differences (seed " + SEED + "):\n" + String.join("\n", failures));
        assertEquals(requests, answeredByTheEngine,
                "only " + answeredByTheEngine + " of " + requests + " answers the engine's (seed " + SEED + ")");
    }

    /**
     * Every list, for every viewer, in every order and some filters, checked against its own whole
     * (its first 100) rather than against the interpreter: pages of random sizes walked forward from
     * the start and read after and before a random element's cursor are the whole's slices, with the
     * page info those slices imply; the total is the whole's size when it is under 100; the whole
     * is in the list's documented order, and shows readers and partners no draft and nothing under
     * embargo; and each object of the list is what {@code node(id)} and {@code nodes(ids)} read for
     * that viewer.
     */
    @Test
    void everyListReadInPagesIsTheWholeAndEachOfItsObjectsIsWhatItsIdReads() throws SQLException {
        Values values = createRows();
        Random random = new Random(SEED);
        System.out.println("CompiledPropertyTest lists: seed " + SEED);
        List<Listing> listings = listings(values);
        List<String> failures = new ArrayList<>();
        int pages = 0;
        int objects = 0;
        for (Caller caller : Caller.values()) {
            String[] credentials = credentials(caller, random.nextInt());
            for (Listing listing : listings) {
                if (listing.arguments().get("filter") instanceof Map<?, ?> filter && "DRAFT".equals(filter.get("status"))
                        && caller != Caller.EDITOR && caller != Caller.ADMIN) {
                    continue; // drafts are listed for editors only (FORBIDDEN for the others)
                }
                ListCheck check = new ListCheck(listing, credentials, caller == Caller.EDITOR || caller == Caller.ADMIN,
                        random, reads::statementsRun);
                try {
                    check.run();
                } catch (AssertionError failed) {
                    failures.add(caller + ", " + listing + " (seed " + SEED + "): " + failed.getMessage());
                }
                pages += check.requests;
                objects += check.objectsRead;
            }
        }
        System.out.printf("CompiledPropertyTest lists: seed %d, %d lists for %d viewers, %d requests, %d objects read "
                + "by ID%n", SEED, listings.size(), Caller.values().length, pages, objects);
        assertTrue(failures.isEmpty(), failures.size() + " lists differ (seed " + SEED + "):\n" + String.join("\n", failures));
    }

    /** A list: its document, the fragment its objects are read with, and its fixed arguments. */
    private record Listing(String document, String fragment, Map<String, Object> arguments) {

        @Override
        public String toString() {
            return document + " " + arguments;
        }
    }

    private static List<Listing> listings(Values values) {
        List<Listing> listings = new ArrayList<>();
        List<Map<String, Object>> articleFilters = List.<Map<String, Object>>of(Map.of(), Map.of("language", "ur"),
                Map.of("country", "pk"), Map.of("status", "DRAFT"), Map.of("publishedFrom", "2021-01-15T00:00:00Z"));
        for (Map<String, Object> filter : articleFilters) {
            for (String field : List.of("FIRST_PUBLISHED_AT", "LAST_UPDATED_AT")) {
                for (String direction : List.of("ASC", "DESC")) {
                    listings.add(new Listing("articles", "article-fields", Map.of("filter", filter, "orderBy",
                            Map.of("field", field, "direction", direction))));
                }
            }
        }
        for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of(), Map.of("country", "PK"),
                Map.of("kind", List.of("CLAIM")))) {
            for (String direction : List.of("ASC", "DESC")) {
                listings.add(new Listing("statements", "statement-fields", Map.of("filter", filter, "orderBy",
                        Map.of("field", "PUBLISHED_AT", "direction", direction))));
            }
        }
        for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of(), Map.of("country", "US"),
                Map.of("namePrefix", "test"))) {
            for (String direction : List.of("ASC", "DESC")) {
                listings.add(new Listing("speakers", "speaker-fields", Map.of("filter", filter, "orderBy",
                        Map.of("field", "LATIN_NAME", "direction", direction))));
            }
        }
        listings.add(new Listing("countries", "country-fields", Map.of()));
        listings.add(new Listing("countries", "country-fields", Map.of("filter", Map.of("namePrefix", "u"))));
        listings.add(new Listing("article-statements", "statement-fields", Map.of("slug", SeedArticle.SLUG)));
        listings.add(new Listing("article-statements", "statement-fields", Map.of("slug", values.slugs.get(4))));
        for (String code : List.of("PK", "US")) {
            listings.add(new Listing("country-articles", "article-fields", Map.of("code", code)));
            listings.add(new Listing("country-statements", "statement-fields", Map.of("code", code)));
            listings.add(new Listing("country-speakers", "speaker-fields", Map.of("code", code)));
        }
        listings.add(new Listing("speaker-statements", "statement-fields", Map.of("id", values.speakerIds.get(0))));
        return listings;
    }

    /** One list read whole, then in pages, then object by object, by one viewer. */
    private static final class ListCheck {

        private static final int WHOLE = 100;
        private static final String FRAGMENTS = GraphQLClient.load("relations/article-fields")
                + GraphQLClient.load("relations/statement-fields") + GraphQLClient.load("relations/speaker-fields")
                + GraphQLClient.load("relations/country-fields");

        private final Listing listing;
        private final String[] credentials;
        private final boolean editorial;
        private final Random random;
        private final LongSupplier statementsRun;
        private final String document;
        int requests;
        int objectsRead;

        ListCheck(Listing listing, String[] credentials, boolean editorial, Random random, LongSupplier statementsRun) {
            this.listing = listing;
            this.credentials = credentials;
            this.editorial = editorial;
            this.random = random;
            this.statementsRun = statementsRun;
            this.document = GraphQLClient.load("relations/" + listing.document())
                    + GraphQLClient.load("relations/" + listing.fragment());
        }

        void run() {
            JsonNode whole = page(Map.of("first", WHOLE));
            List<JsonNode> edges = new ArrayList<>();
            whole.get("edges").forEach(edges::add);
            int size = edges.size();
            boolean complete = size < WHOLE;
            if (complete) {
                assertEqualsOr(size, whole.get("totalCount").asInt(), "totalCount");
                assertEqualsOr(false, whole.at("/pageInfo/hasNextPage").asBoolean(), "hasNextPage of the whole");
            }
            assertEqualsOr(false, whole.at("/pageInfo/hasPreviousPage").asBoolean(), "hasPreviousPage of the whole");
            if (listing.fragment().equals("article-fields") && !editorial) {
                visible(edges);
            }
            inOrder(edges);
            walkForward(edges, complete);
            if (size > 0) {
                int at = random.nextInt(size);
                int pageSize = 1 + random.nextInt(4);
                String cursor = edges.get(at).get("cursor").asText();
                JsonNode before = page(Map.of("last", pageSize, "before", cursor));
                int from = Math.max(0, at - pageSize);
                assertEqualsOr(edges.subList(from, at), list(before.get("edges")), "last " + pageSize + " before #" + at);
                assertEqualsOr(from > 0, before.at("/pageInfo/hasPreviousPage").asBoolean(), "hasPreviousPage before #" + at);
                assertEqualsOr(true, before.at("/pageInfo/hasNextPage").asBoolean(), "hasNextPage before #" + at);
                JsonNode after = page(Map.of("first", pageSize, "after", cursor));
                int to = Math.min(size, at + 1 + pageSize);
                List<JsonNode> afterEdges = list(after.get("edges"));
                // beyond the whole's hundred the list goes on unseen
                assertEqualsOr(edges.subList(at + 1, to), complete ? afterEdges
                        : afterEdges.subList(0, Math.min(afterEdges.size(), to - at - 1)), "first " + pageSize + " after #" + at);
                assertEqualsOr(true, after.at("/pageInfo/hasPreviousPage").asBoolean(), "hasPreviousPage after #" + at);
                if (complete || to < size) {
                    assertEqualsOr(to < size, after.at("/pageInfo/hasNextPage").asBoolean(), "hasNextPage after #" + at);
                }
                readById(edges);
            }
        }

        /** A listed article for anyone but editors: no draft, nothing under embargo. */
        private void visible(List<JsonNode> edges) {
            String now = Instant.now().toString();
            for (JsonNode edge : edges) {
                JsonNode article = edge.get("node");
                assertEqualsOr(false, article.get("status").asText().equals("DRAFT"), "a draft listed: " + article);
                String embargo = article.get("embargoUntil").asText(null);
                assertEqualsOr(false, embargo != null && embargo.compareTo(now) > 0, "an embargoed article listed: " + article);
            }
        }

        /**
         * The list in the order it is documented to have: articles by the date asked for (newest
         * first below a country); statements by their article's first publication (newest first
         * below a speaker or a country), an article's in the order of its text; speakers by Latin
         * name (in code point order, as PostgreSQL's "C" collation has it; a country's A to Z);
         * countries by code. Ties
         * may come in any order: the keys' last, an ID, is not in the response.
         */
        private void inOrder(List<JsonNode> edges) {
            Object order = listing.arguments().get("orderBy");
            boolean ascending = order instanceof Map<?, ?> orderBy && "ASC".equals(orderBy.get("direction"));
            Function<JsonNode, Comparable<?>> key = switch (listing.document()) {
                case "articles", "country-articles" -> order instanceof Map<?, ?> orderBy
                        && "LAST_UPDATED_AT".equals(orderBy.get("field")) ? node -> instant(node.get("lastUpdatedAt"))
                        : node -> instant(node.get("firstPublishedAt"));
                case "statements", "speaker-statements", "country-statements" ->
                        node -> instant(node.at("/article/firstPublishedAt"));
                case "article-statements" -> node -> node.get("paragraph").asInt() * 1_000_000L + node.get("start").asInt();
                case "speakers", "country-speakers" -> node -> node.get("latinName").asText();
                case "countries" -> node -> node.get("code").asText();
                default -> null;
            };
            if (key == null) {
                return;
            }
            boolean byText = listing.document().endsWith("speakers");
            for (int i = 1; i < edges.size(); i++) {
                Comparable<?> previous = key.apply(edges.get(i - 1).get("node"));
                Comparable<?> next = key.apply(edges.get(i).get("node"));
                if (previous == null || next == null) {
                    continue; // never published: a draft, listed for editors
                }
                int comparison = byText ? compareCodePoints((String) previous, (String) next) : compare(previous, next);
                boolean alwaysAscending = List.of("article-statements", "countries", "country-speakers")
                        .contains(listing.document());
                assertEqualsOr(true, ascending || alwaysAscending ? comparison <= 0 : comparison >= 0,
                        "in order at #" + i + ": " + edges.get(i - 1).get("node") + " then " + edges.get(i).get("node"));
            }
        }

        private static Instant instant(JsonNode value) {
            return value == null || value.isNull() ? null : Instant.parse(value.asText());
        }

        @SuppressWarnings({ "unchecked", "rawtypes" })
        private static int compare(Comparable previous, Comparable next) {
            return previous.compareTo(next);
        }

        private static int compareCodePoints(String previous, String next) {
            return java.util.Arrays.compare(previous.codePoints().toArray(), next.codePoints().toArray());
        }

        /** Pages of one random size from the start, a few of them, each the whole's next slice. */
        private void walkForward(List<JsonNode> edges, boolean complete) {
            int pageSize = 1 + random.nextInt(5);
            List<JsonNode> walked = new ArrayList<>();
            String after = null;
            for (int page = 0; page < 4; page++) {
                Map<String, Object> arguments = new HashMap<>(Map.of("first", pageSize));
                if (after != null) {
                    arguments.put("after", after);
                }
                JsonNode connection = page(arguments);
                List<JsonNode> pageEdges = list(connection.get("edges"));
                walked.addAll(pageEdges);
                assertEqualsOr(after != null, connection.at("/pageInfo/hasPreviousPage").asBoolean(),
                        "hasPreviousPage of page " + page);
                boolean hasNext = connection.at("/pageInfo/hasNextPage").asBoolean();
                if (complete || walked.size() < edges.size()) {
                    assertEqualsOr(walked.size() < edges.size(), hasNext, "hasNextPage of page " + page);
                }
                if (!pageEdges.isEmpty()) {
                    assertEqualsOr(pageEdges.get(0).get("cursor"), connection.at("/pageInfo/startCursor"), "startCursor");
                    assertEqualsOr(pageEdges.get(pageEdges.size() - 1).get("cursor"), connection.at("/pageInfo/endCursor"),
                            "endCursor");
                }
                if (!hasNext) {
                    break;
                }
                after = connection.at("/pageInfo/endCursor").asText();
            }
            assertEqualsOr(edges.subList(0, Math.min(edges.size(), walked.size())), walked,
                    "pages of " + pageSize + " from the start");
        }

        /** Some of the list's objects by their IDs: each what node(id) reads, all what nodes(ids) reads in order. */
        private void readById(List<JsonNode> edges) {
            List<JsonNode> chosen = new ArrayList<>();
            for (JsonNode edge : edges) {
                if (chosen.size() < 20 && random.nextInt(3) == 0) {
                    chosen.add(edge.get("node"));
                }
            }
            if (chosen.isEmpty()) {
                chosen.add(edges.get(0).get("node"));
            }
            List<String> ids = chosen.stream().map(node -> node.get("id").asText()).toList();
            JsonNode nodes = answer(GraphQLClient.load("relations/nodes") + FRAGMENTS, Map.of("ids", ids)).get("nodes");
            assertEqualsOr(chosen, list(nodes), "nodes(ids) of " + ids);
            JsonNode one = chosen.get(random.nextInt(chosen.size()));
            assertEqualsOr(one, answer(GraphQLClient.load("relations/node") + FRAGMENTS,
                    Map.of("id", one.get("id").asText())).get("node"), "node(id)");
            objectsRead += chosen.size() + 1;
        }

        /** The list's connection in the answer to its document with these paging arguments. */
        private JsonNode page(Map<String, Object> paging) {
            Map<String, Object> variables = new HashMap<>(listing.arguments());
            variables.putAll(paging);
            JsonNode data = answer(document, variables);
            JsonNode parent = data.size() == 1 && !data.has("list") ? data.elements().next() : data;
            if (parent.isNull()) {
                throw new AssertionError("no parent object to list from: " + data);
            }
            return parent.get("list");
        }

        /** The data of the engine's answer, which must have no errors and cost one statement. */
        private JsonNode answer(String text, Map<String, Object> variables) {
            requests++;
            long before = statementsRun.getAsLong();
            Response response = post(new GeneratedRequest(text, variables, null, false, List.of()), credentials);
            if (statementsRun.getAsLong() - before != 1) {
                throw new AssertionError((statementsRun.getAsLong() - before) + " statements for one page\n  variables: "
                        + json(variables));
            }
            if (!"compiled".equals(response.header(CompiledReadRoute.EXECUTION)) || response.asString().contains("\"errors\"")) {
                throw new AssertionError("not the engine's answer, or errors: " + response.asString() + "\n  variables: "
                        + json(variables));
            }
            try {
                return JSON.readTree(response.asByteArray()).get("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<JsonNode> list(JsonNode array) {
            List<JsonNode> elements = new ArrayList<>();
            array.forEach(elements::add);
            return elements;
        }

        private static void assertEqualsOr(Object expected, Object actual, String what) {
            if (!expected.equals(actual)) {
                throw new AssertionError(what + ": expected " + expected + ", read " + actual);
            }
        }
    }

    /**
     * The answer to the request as an operation over a WebSocket (graphql-transport-ws), the
     * credentials on the upgrade request: a result's payload, or an error message's errors.
     */
    private JsonNode overWebSocket(GeneratedRequest request, String[] credentials) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < credentials.length; i += 2) {
            headers.put(credentials[i], credentials[i + 1]);
        }
        int address = ADDRESSES.getAndIncrement();
        headers.put("X-Forwarded-For", "100." + (96 + address / 62_500 % 32) + "." + (address / 250 % 250) + "."
                + (address % 250 + 1));
        if (request.acceptLanguage() != null) {
            headers.put("Accept-Language", request.acceptLanguage());
        }
        try (GraphQLWebSocket socket = GraphQLWebSocket.connect(vertx, endpoint, GraphQLWebSocket.TRANSPORT_WS, headers)) {
            socket.subscribe("generated", request.document(), request.variables());
            io.vertx.core.json.JsonObject message = socket.nextMessage(10, java.util.concurrent.TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no answer over a WebSocket in 10 s");
            }
            Object payload = message.getValue("payload");
            if (payload == null) {
                throw new AssertionError("a message without a payload over a WebSocket: " + message.encode() + " for "
                        + request.document() + " with " + request.variables());
            }
            String answer = "error".equals(message.getString("type"))
                    ? new io.vertx.core.json.JsonObject().put("errors", payload).encode()
                    : ((io.vertx.core.json.JsonObject) payload).encode();
            return JSON.readTree(answer);
        } catch (IOException | RuntimeException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed SDL, whose every field the generator may ask. */
    private static GraphQLSchema committedSchema() throws IOException {
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(Path.of("schema.graphql"))));
    }

    /** One caller's credentials for every request of a case: none, a partner's key or a bearer token. */
    private String[] credentials(Caller caller, int choice) {
        return switch (caller) {
            case READER -> new String[0];
            case PARTNER -> partnerKey(choice);
            default -> {
                String role = caller.name().toLowerCase();
                String subject = prefix.trim().replace(' ', '-') + "-" + role + "-" + ADDRESSES.getAndIncrement();
                yield new String[] { "Authorization", "Bearer " + Tokens.withRoles(subject, role) };
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Both paths

    private record GeneratedRequest(String document, Map<String, Object> variables, String acceptLanguage,
            boolean overGet, List<ConnectionAt> connections) {
    }

    /** A connection in the answer (its response keys from the root) and the pool its cursors go to. */
    private record ConnectionAt(List<String> path, String pool) {
    }

    /**
     * The request with other values for the variables its statement only binds, null when it has
     * none (or no other value is at hand): slugs, IDs and cursors the corpus and the answers so far
     * gave, country codes in any case and form, name prefixes and searches in Urdu and Latin letters (and
     * refused ones).
     */
    private static GeneratedRequest withOtherBoundValues(GeneratedRequest request, GraphQLSchema schema, Values values,
            Random random) {
        Document document = Parser.parse(request.document());
        OperationDefinition operation = NodeUtil.getOperation(document, null).operationDefinition;
        Map<String, Set<BoundVariables.Site>> bound = BoundVariables.of(schema, operation,
                NodeUtil.getFragmentsByName(document)).sites();
        Map<String, Object> variables = new LinkedHashMap<>(request.variables());
        boolean changed = false;
        for (Map.Entry<String, Set<BoundVariables.Site>> variable : bound.entrySet()) {
            if (variables.get(variable.getKey()) == null) {
                continue;
            }
            Set<BoundVariables.Site> sites = variable.getValue();
            if (sites.contains(BoundVariables.Site.REPRESENTATIONS)) {
                continue; // kept: a gateway's references are not generated with other keys
            }
            if (sites.contains(BoundVariables.Site.NODE_IDS)) {
                // as many IDs, each another of the same type where one is at hand
                List<String> ids = new ArrayList<>();
                for (Object id : (List<?>) variables.get(variable.getKey())) {
                    String type = id.toString().isEmpty() ? "" : typeOf(id.toString());
                    List<String> sameType = values.allIds().stream().filter(other -> typeOf(other).equals(type)).toList();
                    ids.add(sameType.isEmpty() ? id.toString() : sameType.get(random.nextInt(sameType.size())));
                }
                variables.put(variable.getKey(), ids);
                changed = true;
                continue;
            }
            List<String> others = sites.contains(BoundVariables.Site.NODE_ID) ? values.allIds()
                    : sites.contains(BoundVariables.Site.SLUG) ? values.slugs
                    : sites.contains(BoundVariables.Site.COUNTRY_CODE) ? List.of("pk", "US", " irn ", "PAK", "zz")
                    : sites.contains(BoundVariables.Site.NAME_PREFIX) ? List.of("پا", "ir", "B", " u", "ژژ", "")
                    : sites.contains(BoundVariables.Site.SEARCH_QUERY) ? List.of("ہیکرز", "ہیک", "کہا", "krebs",
                            "Microsoft Iran", "zzqx", " ")
                    : values.cursors.values().stream().flatMap(List::stream).toList();
            if (!others.isEmpty()) {
                variables.put(variable.getKey(), others.get(random.nextInt(others.size())));
                changed = true;
            }
        }
        return changed ? new GeneratedRequest(request.document(), variables, request.acceptLanguage(),
                request.overGet(), request.connections()) : null;
    }

    private static String typeOf(String id) {
        try {
            return GlobalId.parse(id).type();
        } catch (RuntimeException malformed) {
            return "";
        }
    }

    /** Why the engine did not answer this request, as its compiler says. */
    private String whyNotCompiled(GeneratedRequest request, Caller caller) {
        try {
            CompiledReads.Compiled compiled = reads.compile(request.document(), null, request.variables(), caller.viewer);
            return compiled.cost() > 10_000 ? "cost" : "it compiles here: its statement failed?";
        } catch (NotCompilable refused) {
            return refused.getMessage();
        } catch (RuntimeException failed) {
            return "compiler failed: " + failed;
        }
    }

    /** POST (or GET) from a fresh client address each time: its own, full rate limit bucket. */
    private static Response post(GeneratedRequest generated, String... headers) {
        int address = ADDRESSES.getAndIncrement();
        RequestSpecification request = given().accept(ContentType.JSON)
                .header("X-Forwarded-For", "100." + (96 + address / 62_500 % 32) + "." + (address / 250 % 250) + "."
                        + (address % 250 + 1));
        if (generated.overGet()) {
            request.queryParam("query", generated.document());
            if (!generated.variables().isEmpty()) {
                request.queryParam("variables", json(generated.variables()));
            }
        } else {
            Map<String, Object> body = new HashMap<>();
            body.put("query", generated.document());
            body.put("variables", generated.variables());
            request.contentType(ContentType.JSON).body(body);
        }
        if (generated.acceptLanguage() != null) {
            request.header("Accept-Language", generated.acceptLanguage());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return generated.overGet() ? request.when().get("/graphql") : request.when().post("/graphql");
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** A new partner's API key, entitled to all articles or to those of one language or country. */
    private String[] partnerKey(int choice) {
        List<List<String>> languages = List.of(List.of(), List.of(), List.of("ur"), List.of("en"));
        List<List<String>> countries = List.of(List.of(), List.of(), List.of("PK"));
        GraphQLClient.GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner",
                Map.of("input", TestData.input("name", prefix + "partner " + ADDRESSES.getAndIncrement(),
                        "languages", languages.get(Math.floorMod(choice, 4)),
                        "countries", countries.get(Math.floorMod(choice / 4, 3)))));
        return new String[] { "X-Api-Key", created.data("createPartner.key") };
    }

    /**
     * A document's root selections asked one by one: each part keeps the fragments and variables
     * its selection uses. Its answers, merged as GraphQL merges fields, are the whole's.
     */
    static final class RootParts {

        private RootParts() {
        }

        static List<GeneratedRequest> of(GeneratedRequest request) {
            Document document = Parser.parse(request.document());
            OperationDefinition operation = NodeUtil.getOperation(document, null).operationDefinition;
            Map<String, FragmentDefinition> fragments = NodeUtil.getFragmentsByName(document);
            List<GeneratedRequest> parts = new ArrayList<>();
            for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
                Set<String> fragmentsUsed = new LinkedHashSet<>();
                Set<String> variablesUsed = new HashSet<>();
                uses(selection, fragments, fragmentsUsed, variablesUsed);
                OperationDefinition part = operation.transform(builder -> builder
                        .selectionSet(SelectionSet.newSelectionSet().selection(selection).build())
                        .variableDefinitions(operation.getVariableDefinitions().stream()
                                .filter(definition -> variablesUsed.contains(definition.getName())).toList()));
                List<Definition> definitions = new ArrayList<>(List.of(part));
                fragmentsUsed.forEach(name -> definitions.add(fragments.get(name)));
                Map<String, Object> variables = new LinkedHashMap<>(request.variables());
                variables.keySet().retainAll(variablesUsed);
                parts.add(new GeneratedRequest(AstPrinter.printAst(new Document(definitions)), variables,
                        request.acceptLanguage(), false, List.of()));
            }
            return parts;
        }

        /** The fragments spread and the variables referred to in a node, the fragments' own included. */
        private static void uses(Node<?> node, Map<String, FragmentDefinition> fragments, Set<String> fragmentsUsed,
                Set<String> variablesUsed) {
            if (node instanceof VariableReference reference) {
                variablesUsed.add(reference.getName());
            } else if (node instanceof FragmentSpread spread && fragmentsUsed.add(spread.getName())) {
                uses(fragments.get(spread.getName()), fragments, fragmentsUsed, variablesUsed);
            }
            for (Node<?> child : node.getChildren()) {
                uses(child, fragments, fragmentsUsed, variablesUsed);
            }
        }

        /**
         * What tells the whole's answer from its parts', null when nothing does: the statuses, the
         * data (null when a part's is, else the parts' merged), the errors (each its message, path
         * and extensions, in any order: their locations are in other documents).
         */
        static String differenceFromParts(Response whole, List<Response> parts) throws IOException {
            for (Response part : parts) {
                if (part.statusCode() != whole.statusCode()) {
                    return "status " + whole.statusCode() + ", a part's " + part.statusCode() + ": " + part.asString();
                }
            }
            JsonNode data = null;
            boolean nullData = false;
            List<String> errors = new ArrayList<>();
            for (Response part : parts) {
                JsonNode answer = JSON.readTree(part.asByteArray());
                errors.addAll(errorsWithoutLocations(answer));
                JsonNode partData = answer.get("data");
                if (partData == null || partData.isNull()) {
                    nullData = true;
                } else if (!nullData) {
                    try {
                        data = data == null ? partData.deepCopy() : merged(data, partData);
                    } catch (IllegalArgumentException unmergeable) {
                        return "the root fields one by one answer " + unmergeable.getMessage();
                    }
                }
            }
            JsonNode answer = JSON.readTree(whole.asByteArray());
            String expected = nullData ? "null" : String.valueOf(data);
            String actual = String.valueOf(answer.get("data"));
            if (!expected.equals(actual)) {
                return "the root fields one by one answer " + expected;
            }
            List<String> wholeErrors = errorsWithoutLocations(answer);
            errors.sort(null);
            wholeErrors.sort(null);
            return errors.equals(wholeErrors) ? null : "the root fields one by one report " + errors;
        }

        /** Two answers' data and errors as text, locations kept or not. */
        static String dataAndErrors(Response response, boolean locations) throws IOException {
            JsonNode answer = JSON.readTree(response.asByteArray());
            return answer.get("data") + " " + (locations ? String.valueOf(answer.get("errors"))
                    : errorsWithoutLocations(answer).toString());
        }

        private static List<String> errorsWithoutLocations(JsonNode answer) {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : answer.path("errors")) {
                ObjectNode copy = error.deepCopy();
                copy.remove("locations");
                errors.add(copy.toString());
            }
            return errors;
        }

        /** {@code more} merged into {@code into}: an object's keys in their first order, lists element by element. */
        private static JsonNode merged(JsonNode into, JsonNode more) {
            if (into instanceof ObjectNode object && more instanceof ObjectNode other) {
                other.fields().forEachRemaining(entry -> object.set(entry.getKey(),
                        object.has(entry.getKey()) ? merged(object.get(entry.getKey()), entry.getValue())
                                : entry.getValue()));
                return object;
            }
            if (into instanceof ArrayNode list && more instanceof ArrayNode other && list.size() == other.size()) {
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, merged(list.get(i), other.get(i)));
                }
                return list;
            }
            if (!into.equals(more)) {
                throw new IllegalArgumentException("one response key with two values: " + into + " and " + more);
            }
            return into;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The rows and the values documents ask for

    /** Arguments the generator picks from: the rows of the corpus and what answers showed so far. */
    static final class Values {
        final List<String> slugs = new ArrayList<>(List.of(SeedArticle.SLUG, "test-article-7", "test-article-20",
                "no-such-article"));
        final List<String> articleIds = new ArrayList<>();
        final List<String> speakerIds = new ArrayList<>();
        final List<String> statementIds = new ArrayList<>();
        final List<String> otherIds = new ArrayList<>(List.of(GlobalId.of("Speaker", 987_654_321)));
        final Map<String, List<String>> cursors = new HashMap<>();

        List<String> allIds() {
            List<String> all = new ArrayList<>(articleIds);
            all.addAll(speakerIds);
            all.addAll(statementIds);
            all.addAll(otherIds);
            return all;
        }

        /** Cursors of the answer's connections, and the IDs it holds. */
        void learnFrom(GeneratedRequest request, String answer) {
            JsonNode tree;
            try {
                tree = JSON.readTree(answer);
            } catch (IOException notJson) {
                return;
            }
            JsonNode data = tree.path("data");
            for (ConnectionAt connection : request.connections()) {
                walk(data, connection.path(), 0, found -> {
                    List<String> pool = cursors.computeIfAbsent(connection.pool(), p -> new ArrayList<>());
                    found.path("edges").forEach(edge -> add(pool, edge.path("cursor")));
                    add(pool, found.path("pageInfo").path("startCursor"));
                    add(pool, found.path("pageInfo").path("endCursor"));
                });
            }
            data.findValues("id").forEach(id -> {
                if (id.isTextual() && id.asText().length() < 60 && otherIds.size() < 60 && !otherIds.contains(id.asText())) {
                    otherIds.add(id.asText());
                }
            });
        }

        private static void add(List<String> pool, JsonNode cursor) {
            if (cursor.isTextual() && pool.size() < 50 && !pool.contains(cursor.asText())) {
                pool.add(cursor.asText());
            }
        }

        private static void walk(JsonNode node, List<String> path, int at, Consumer<JsonNode> found) {
            if (node.isArray()) {
                node.forEach(element -> walk(element, path, at, found));
            } else if (at == path.size()) {
                found.accept(node);
            } else if (node.isObject() && node.has(path.get(at))) {
                walk(node.get(path.get(at)), path, at + 1, found);
            }
        }
    }

    /**
     * Articles of every status (with statements, countries, revisions and corrections), speakers of
     * several countries and kinds: the rows each viewer sees differently.
     */
    private Values createRows() throws SQLException {
        Values values = new Values();
        long pakistani = insertSpeaker("'PERSON'", "'نام'", "'ur'", "Pakistani", "'PK'");
        long american = insertSpeaker("'PERSON'", "'Ann Smith'", "'en'", "American", "'US'");
        long british = insertSpeaker("'PERSON'", "'Bob Jones'", "'en'", "British", "'GB'");
        long indian = insertSpeaker("'ORGANISATION'", "'संस्था'", "'hi'", "Indian", "'IN'");
        long stateless = insertSpeaker("'PERSON'", "'Nobody'", "'en'", "Stateless", "null");
        long english = insertArticle("english", "'en'", "'PUBLISHED'", "null",
                "'Said something.\nSecond paragraph, where Bob spoke.\n\n  \nThird.'");
        long urdu = insertArticle("urdu", "'ur'", "'PUBLISHED'", "null", "'انہوں نے کہا۔\nدوسرا پیراگراف۔'");
        long withdrawn = insertArticle("withdrawn", "'en'", "'WITHDRAWN'", "null", "'Said something withdrawn.'");
        long embargoed = insertArticle("embargoed", "'en'", "'PUBLISHED'", "now() + interval '1 day'", "'Said later.'");
        long draft = insertArticle("draft", "'en'", "'DRAFT'", "null", "'Said in a draft.'");
        long neverPublished = insertArticle("never-published", "'ur-PK'", "'DRAFT'", "null", "'کہا'");
        Rows.execute(dataSource, "update article set first_published_at = null where id = " + neverPublished);
        Rows.execute(dataSource, "update article set syndication_allowed = false, usage_terms = 'No archiving', "
                + "editorial_fields = '{HEADLINE}' where id = " + urdu);
        long[][] quoted = { { english, american }, { english, british }, { english, pakistani }, { urdu, pakistani },
                { urdu, indian }, { withdrawn, british }, { embargoed, american }, { draft, stateless },
                { neverPublished, pakistani } };
        for (long[] pair : quoted) {
            long statement = Rows.longValue(dataSource, "insert into statement (article_id, paragraph_position, start_offset, end_offset, "
                    + "text, kind, speaker_id) values (" + pair[0] + ", 1, 0, 4, 'Said', 'CLAIM', " + pair[1]
                    + ") returning id");
            Rows.execute(dataSource, "insert into statement_country (statement_id, country_code) values (" + statement + ", 'PK')");
            values.statementIds.add(GlobalId.of("Statement", statement));
        }
        for (long article : new long[] { english, urdu, withdrawn, embargoed, draft, neverPublished }) {
            Rows.execute(dataSource, "insert into article_country (article_id, country_code) values (" + article + ", 'PK')");
            values.articleIds.add(GlobalId.of("Article", article));
            values.slugs.add(slug(article));
        }
        Rows.execute(dataSource, "insert into article_country (article_id, country_code) values (" + english + ", 'US')");
        Rows.execute(dataSource, "insert into article_revision (article_id, kind, version, changed_by, changed_at, changed_fields, public, "
                + "correction_note) values (" + english + ", 'CREATED', 1, 'editor', timestamptz '2001-02-02 00:00:00Z', "
                + "'{}', false, null), (" + english + ", 'PUBLISHED', 2, 'editor', timestamptz '2001-02-03 00:00:00Z', "
                + "'{status}', true, null), (" + english + ", 'CORRECTED', 3, 'editor', timestamptz '2001-02-04 00:00:00Z', "
                + "'{headline,body}', true, 'Spelling')");
        for (long speaker : new long[] { pakistani, american, british, indian, stateless }) {
            values.speakerIds.add(GlobalId.of("Speaker", speaker));
        }
        values.articleIds.add(GlobalId.of("Article", Rows.longValue(dataSource, "select min(article_id) from statement")));
        // a key written otherwise than the node loaders write keys back: the interpreter finds nothing
        values.otherIds.add(GlobalId.of("Article", "0" + english));
        return values;
    }

    private long insertSpeaker(String kind, String name, String language, String latinName, String country)
            throws SQLException {
        return Rows.longValue(dataSource, "insert into speaker (kind, name, name_language, latin_name, role, country_code) values ("
                + kind + ", " + name + ", " + language + ", '" + prefix + latinName + "', 'Spokesperson', " + country
                + ") returning id");
    }

    private long insertArticle(String name, String language, String status, String embargoUntil, String body)
            throws SQLException {
        String slug = prefix.trim().toLowerCase().replace(' ', '-') + "-" + name;
        return Rows.longValue(dataSource, "insert into article (slug, language, direction, headline, body, status, first_published_at, "
                + "last_updated_at, withdrawal_reason, embargo_until) values ('" + slug + "', " + language + ", "
                + (language.startsWith("'ur") ? "'RTL'" : "'LTR'") + ", '" + prefix + name + "', " + body + ", " + status
                + ", timestamptz '2001-02-03 04:05:06.789Z', timestamptz '2001-02-03 04:05:06.789012Z', "
                + (status.equals("'WITHDRAWN'") ? "'Legal reasons'" : "null") + ", " + embargoUntil + ") returning id");
    }

    private String slug(long article) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select slug from article where id = ?")) {
            statement.setLong(1, article);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }


    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The generator

    /** An enum value: bare in a document, a string in variables. */
    private record EnumValue(String name) {
    }

    /**
     * Generates one valid query document over the schema for a caller. Validity is kept by
     * construction: within one selection set (fragments spread into it included) a response key
     * names one field, so fields with arguments or selections of their own never merge; a second
     * use of a field takes a fresh alias. Sizes keep within the service's limits: depth, aliases,
     * root fields, and page sizes whose product (the cost) stays far below the maximum.
     */
    static final class Documents {

        private static final int MAX_DEPTH = 9;
        private static final int MAX_ALIASES = 24;
        private static final int MAX_OBJECTS = 600;
        private static final List<String> LANGUAGES = List.of("ur", "en", "ar", "ur-PK", "de", "fa");
        private static final List<String> COUNTRY_CODES = List.of("PK", "pak", "US", "usa", "GB", "IN", "de", "irn");
        private static final List<String> WORDS = List.of("said", "کہا", "hackers", "test", "ہیکرز", "Wtest");
        private static final List<String> NAME_PREFIXES = List.of("pak", "پاک", "united", "burt", "test", "wtest", "ir");
        private static final List<String> TIMES = List.of("2001-01-01T00:00:00Z", "2021-01-15T00:00:00Z",
                "2016-10-01T00:00:00+05:00", "2100-01-01T00:00:00Z");

        private final GraphQLSchema schema;
        private final Random random;
        private final Values values;
        private final Caller caller;

        private final Map<String, String> variableTypes = new LinkedHashMap<>();
        private final Map<String, Object> variables = new LinkedHashMap<>();
        private final StringBuilder fragments = new StringBuilder();
        private final Map<String, List<Fragment>> fragmentsByType = new HashMap<>();
        private final List<ConnectionAt> connections = new ArrayList<>();
        /**
         * Where the cursors of the field whose arguments were written last go and come from: a root
         * list's belong to its filter, order or search, a nested list's to the field.
         */
        private String cursorPool;
        private int aliases;
        private int names;

        /**
         * A named fragment, the response keys it puts in a selection set (by the field each names),
         * and its aliases, which the service's limit counts again wherever it is spread.
         */
        private record Fragment(String name, Map<String, String> keys, int aliases) {
        }

        Documents(GraphQLSchema schema, Random random, Values values, Caller caller) {
            this.schema = schema;
            this.random = random;
            this.values = values;
            this.caller = caller;
        }

        GeneratedRequest next() {
            String selection = rootSelection();
            StringBuilder document = new StringBuilder();
            if (variableTypes.isEmpty() && random.nextInt(3) == 0) {
                document.append(selection);
            } else {
                document.append("query Generated").append(random.nextInt(100));
                if (!variableTypes.isEmpty()) {
                    List<String> definitions = new ArrayList<>();
                    variableTypes.forEach((name, type) -> definitions.add("$" + name + ": " + type));
                    document.append('(').append(String.join(", ", definitions)).append(')');
                }
                document.append(' ').append(selection);
            }
            document.append(fragments);
            String acceptLanguage = random.nextInt(5) == 0 ? pick(List.of("ur", "de", "ar;q=0.9, en;q=0.5")) : null;
            boolean overGet = document.length() < 1500 && random.nextInt(6) == 0; // within the URL's limit
            return new GeneratedRequest(document.toString(), variables, acceptLanguage, overGet, connections);
        }

        private String rootSelection() {
            GraphQLObjectType query = schema.getQueryType();
            Map<String, String> keys = new HashMap<>();
            StringBuilder out = new StringBuilder("{");
            if (random.nextInt(4) == 0) {
                // a search, sometimes between other root fields
                if (random.nextInt(4) == 0) {
                    field(query, rootField(query), keys, out, List.of(), 1, 1);
                }
                field(query, query.getFieldDefinition("search"), keys, out, List.of(), 1, 1);
                if (random.nextInt(6) == 0) {
                    // several searches are one statement too
                    field(query, query.getFieldDefinition("search"), keys, out, List.of(), 1, 1);
                }
                if (random.nextInt(4) == 0) {
                    field(query, rootField(query), keys, out, List.of(), 1, 1);
                }
            } else {
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    field(query, rootField(query), keys, out, List.of(), 1, 1);
                    if (random.nextInt(8) == 0) {
                        out.append(" __typename");
                    }
                }
            }
            return out.append(" }").toString();
        }

        /** Query's fields, the ones a caller may read more often than the ones only others may. */
        private GraphQLFieldDefinition rootField(GraphQLObjectType query) {
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put("articles", 30);
            weights.put("article", 14);
            weights.put("node", 14);
            weights.put("country", 10);
            weights.put("countries", 8);
            weights.put("speakers", 8);
            weights.put("nodes", 8);
            weights.put("statements", 10);
            weights.put("syndicationFeed", caller == Caller.PARTNER ? 20 : 1);
            weights.put("partners", caller == Caller.ADMIN ? 8 : 1);
            weights.put("_entities", 2);
            weights.put("_service", 1);
            int total = weights.values().stream().mapToInt(Integer::intValue).sum();
            int roll = random.nextInt(total);
            for (Map.Entry<String, Integer> weight : weights.entrySet()) {
                roll -= weight.getValue();
                if (roll < 0) {
                    return query.getFieldDefinition(weight.getKey());
                }
            }
            throw new IllegalStateException();
        }

        /**
         * Selections of a selection set on {@code type} (an object type or an interface), into
         * {@code out}; {@code keys} holds the set's response keys, shared by the fragments spread
         * into it. {@code objects} is how many objects the set stands for (the product of the page
         * sizes above it).
         */
        private void selections(GraphQLType type, Map<String, String> keys, StringBuilder out, List<String> path,
                int depth, int objects, int fragmentDepth) {
            if (type instanceof GraphQLUnionType union) {
                out.append(" __typename");
                for (GraphQLType member : union.getTypes()) {
                    if (random.nextBoolean()) {
                        inlineFragment((GraphQLObjectType) member, true, keys, out, path, depth, objects, fragmentDepth);
                    }
                }
                return;
            }
            GraphQLFieldsContainer container = (GraphQLFieldsContainer) type;
            if (container instanceof GraphQLInterfaceType node) {
                List<GraphQLObjectType> implementations = schema.getImplementations(node);
                int count = random.nextInt(3);
                if (random.nextBoolean() && keys.getOrDefault("id", "Node.id").equals("Node.id")) {
                    keys.put("id", "Node.id");
                    out.append(" id");
                } else {
                    out.append(" __typename");
                }
                for (int i = 0; i < count; i++) {
                    inlineFragment(pick(implementations), true, keys, out, path, depth, objects, fragmentDepth);
                }
                return;
            }
            int count = 1 + random.nextInt(depth < 4 ? 4 : 2);
            for (int i = 0; i < count; i++) {
                int roll = random.nextInt(100);
                if (roll < 6) {
                    out.append(" __typename");
                } else if (roll < 14 && fragmentDepth < 2) {
                    inlineFragment(container, random.nextInt(4) != 0, keys, out, path, depth, objects, fragmentDepth);
                } else if (roll < 22 && fragmentDepth < 2) {
                    namedFragment((GraphQLObjectType) container, keys, out, path, depth, objects, fragmentDepth);
                } else {
                    GraphQLFieldDefinition field = objectField(container, depth, objects);
                    field(container, field, keys, out, path, depth, objects);
                    if (!field.getArguments().isEmpty() && random.nextInt(5) == 0) {
                        field(container, field, keys, out, path, depth, objects); // again, with other arguments
                    }
                }
            }
        }

        private GraphQLFieldDefinition objectField(GraphQLFieldsContainer type, int depth, int objects) {
            List<GraphQLFieldDefinition> fields = new ArrayList<>();
            for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
                GraphQLType named = GraphQLTypeUtil.unwrapAll(field.getType());
                boolean composite = !(GraphQLTypeUtil.isLeaf(named));
                boolean connection = ((GraphQLNamedType) named).getName().endsWith("Connection");
                if (composite && depth >= MAX_DEPTH || connection && objects > MAX_OBJECTS / 20) {
                    continue;
                }
                fields.add(field);
            }
            return pick(fields);
        }

        /** An inline fragment on {@code on}, without a type condition only where {@code on} is the set's own type. */
        private void inlineFragment(GraphQLFieldsContainer on, boolean typeCondition, Map<String, String> keys,
                StringBuilder out, List<String> path, int depth, int objects, int fragmentDepth) {
            out.append(" ...");
            if (typeCondition) {
                out.append(" on ").append(on.getName());
            }
            out.append(directive());
            out.append(" {");
            int before = out.length();
            selections(on, keys, out, path, depth, objects, fragmentDepth + 1);
            if (out.length() == before) {
                out.append(" __typename");
            }
            out.append(" }");
        }

        /** A spread of a new fragment, or of one already defined on the type whose keys this set does not hold yet. */
        private void namedFragment(GraphQLObjectType on, Map<String, String> keys, StringBuilder out, List<String> path,
                int depth, int objects, int fragmentDepth) {
            for (Fragment known : fragmentsByType.getOrDefault(on.getName() + "@" + path.size() + "/" + objects,
                    List.of())) {
                if (known.keys().keySet().stream().noneMatch(keys::containsKey) && random.nextBoolean()
                        && aliases + known.aliases() <= MAX_ALIASES) {
                    keys.putAll(known.keys());
                    aliases += known.aliases();
                    out.append(" ...").append(known.name()).append(directive());
                    return;
                }
            }
            String name = on.getName() + "Part" + (++names);
            Map<String, String> own = new HashMap<>();
            StringBuilder body = new StringBuilder();
            // The fragment's keys must not meet the set's, here or where it is spread again: the set's
            // keys are marked so that none of them is taken again, not even by the same plain field.
            Map<String, String> both = new HashMap<>();
            keys.forEach((key, field) -> both.put(key, "outside " + field));
            int aliasesBefore = aliases;
            selections(on, both, body, path, depth, objects, fragmentDepth + 1);
            both.forEach((key, field) -> {
                if (!keys.containsKey(key)) {
                    own.put(key, field);
                }
            });
            if (body.length() == 0) {
                body.append(" __typename");
            }
            keys.putAll(own);
            fragments.append("\nfragment ").append(name).append(" on ").append(on.getName()).append(" {").append(body)
                    .append(" }");
            // connections are found again by their path, which holds only for the same depth
            fragmentsByType.computeIfAbsent(on.getName() + "@" + path.size() + "/" + objects, t -> new ArrayList<>())
                    .add(new Fragment(name, own, aliases - aliasesBefore));
            out.append(" ...").append(name).append(directive());
        }

        /** Sometimes @skip or @include, with a literal or a variable condition. */
        private String directive() {
            if (random.nextInt(6) != 0) {
                return "";
            }
            String name = random.nextBoolean() ? "skip" : "include";
            boolean condition = random.nextBoolean();
            String value = random.nextBoolean() ? String.valueOf(condition) : variable("Boolean!", condition);
            return " @" + name + "(if: " + value + ")";
        }

        private void field(GraphQLFieldsContainer parent, GraphQLFieldDefinition field, Map<String, String> keys,
                StringBuilder out, List<String> path, int depth, int objects) {
            String coordinate = parent.getName() + "." + field.getName();
            GraphQLType named = GraphQLTypeUtil.unwrapAll(field.getType());
            String key = field.getName();
            boolean plainLeaf = GraphQLTypeUtil.isLeaf(named) && field.getArguments().isEmpty();
            boolean taken = keys.containsKey(key) && !(plainLeaf && coordinate.equals(keys.get(key)));
            if (taken && aliases >= MAX_ALIASES) {
                return;
            }
            StringBuilder arguments = new StringBuilder();
            int pageSize = arguments(parent, field, arguments, objects);
            if (taken || aliases < MAX_ALIASES && random.nextInt(10) == 0) {
                aliases++;
                do {
                    key = "a" + random.nextInt(1000);
                } while (keys.containsKey(key));
                out.append(' ').append(key).append(':');
            }
            keys.put(key, plainLeaf ? coordinate : coordinate + "#" + key);
            out.append(' ').append(field.getName()).append(arguments).append(directive());
            if (GraphQLTypeUtil.isLeaf(named)) {
                return;
            }
            List<String> below = new ArrayList<>(path);
            below.add(key);
            int objectsBelow = objects * Math.max(1, pageSize);
            if (named instanceof GraphQLNamedType type && type.getName().endsWith("Connection")) {
                connections.add(new ConnectionAt(below, cursorPool));
            }
            out.append(" {");
            Map<String, String> inner = new HashMap<>();
            int before = out.length();
            selections(named, inner, out, below, depth + 1, objectsBelow, 0);
            if (out.length() == before) {
                out.append(" __typename");
            }
            out.append(" }");
        }

        /**
         * The field's arguments, into {@code out} as {@code (name: value, ...)}; the page size the
         * field stands for (1 for a single object, the default 20 of a connection without one).
         */
        private int arguments(GraphQLFieldsContainer parent, GraphQLFieldDefinition field, StringBuilder out, int objects) {
            String coordinate = parent.getName() + "." + field.getName();
            List<String> given = new ArrayList<>();
            int pageSize = 1;
            GraphQLType named = GraphQLTypeUtil.unwrapAll(field.getType());
            boolean connection = named instanceof GraphQLNamedType type && type.getName().endsWith("Connection");
            if (GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType()))
                    && !parent.getName().endsWith("Connection")) {
                pageSize = 3;
            }
            Map<String, Object> listedBy = new TreeMap<>();
            for (GraphQLArgument argument : field.getArguments()) {
                String name = argument.getName();
                if (List.of("first", "last", "after", "before").contains(name)) {
                    continue;
                }
                boolean required = GraphQLTypeUtil.isNonNull(argument.getType());
                if (!required && random.nextInt(name.equals("lang") ? 10 : 3) > (name.equals("lang") ? 6 : 0)) {
                    continue;
                }
                Object value = argumentValue(coordinate, name, argument.getType());
                listedBy.put(name, value);
                if (!required && random.nextInt(15) == 0) {
                    listedBy.put(name, "null");
                    given.add(name + ": " + (random.nextBoolean() ? "null"
                            : variable(GraphQLTypeUtil.simplePrint(argument.getType()), null)));
                } else if (name.equals("representations")) {
                    given.add(name + ": " + variable(GraphQLTypeUtil.simplePrint(argument.getType()), value));
                } else if (value != null) {
                    given.add(name + ": " + render(argument.getType(), value));
                }
            }
            cursorPool = parent.getName().equals("Query") ? coordinate + " " + listedBy : coordinate;
            if (connection) {
                pageSize = paging(field, given, objects);
            }
            if (!given.isEmpty()) {
                out.append('(').append(String.join(", ", given)).append(')');
            }
            return pageSize;
        }

        /** first/last/after/before of a connection: small pages, cursors earlier answers gave or none. */
        private int paging(GraphQLFieldDefinition field, List<String> given, int objects) {
            boolean backward = field.getArgument("last") != null && random.nextInt(4) == 0;
            int size = objects > 1 ? 1 + random.nextInt(3) : pick(List.of(0, 1, 2, 3, 5, 10, 20));
            boolean defaultSize = objects * 20 <= MAX_OBJECTS / 10 && random.nextInt(5) == 0;
            // now and then a size the resolver refuses (an error for each object the list is asked on)
            boolean refused = !defaultSize && random.nextInt(40) == 0;
            if (!defaultSize) {
                given.add((backward ? "last" : "first") + ": " + render(graphql.Scalars.GraphQLInt,
                        refused ? pick(List.of(-1, PageArgs.MAX_PAGE_SIZE + 1)) : size));
            }
            List<String> pool = values.cursors.getOrDefault(cursorPool, List.of());
            // now and then a cursor the list refuses: malformed, or one of another list
            boolean foreign = random.nextInt(30) == 0;
            if (foreign || !pool.isEmpty() && random.nextInt(3) == 0) {
                String cursorArgument = backward ? "before" : "after";
                if (field.getArgument(cursorArgument) != null) {
                    given.add(cursorArgument + ": " + render(graphql.Scalars.GraphQLString,
                            foreign ? pick(refusedCursors()) : pick(pool)));
                }
            }
            return defaultSize ? 20 : size;
        }

        /** Cursors the current list refuses: malformed ones, and those of the other lists. */
        private List<String> refusedCursors() {
            List<String> refused = new ArrayList<>(List.of("not-a-cursor", "", "bm9wZQ"));
            values.cursors.forEach((pool, cursors) -> {
                if (!pool.equals(cursorPool)) {
                    refused.addAll(cursors);
                }
            });
            return refused;
        }

        /** A value for an argument the generator knows by name, else from its type; null leaves it out. */
        private Object argumentValue(String coordinate, String name, GraphQLInputType type) {
            return switch (coordinate + "." + name) {
                case "Query.article.slug" -> pick(values.slugs);
                case "Query.country.code" -> pick(COUNTRY_CODES);
                case "Query.node.id" -> pick(values.allIds());
                case "Query.nodes.ids" -> {
                    List<Object> ids = new ArrayList<>();
                    for (int i = random.nextInt(4); i >= 0; i--) {
                        ids.add(pick(values.allIds()));
                    }
                    yield ids;
                }
                case "Query.search.query" -> pick(WORDS);
                case "Query._entities.representations" -> List.of(representation(), representation());
                case "Country.name.lang", "Speaker.name.lang" -> random.nextInt(8) == 0 ? null
                        : random.nextInt(40) == 0 ? "zz-unknown" : pick(LANGUAGES);
                default -> generic(name, type, 0);
            };
        }

        private Map<String, Object> representation() {
            return switch (random.nextInt(4)) {
                case 0 -> Map.of("__typename", "Country", "code", pick(COUNTRY_CODES.subList(0, 3)));
                case 1 -> Map.of("__typename", "Speaker", "id", pick(values.speakerIds));
                case 2 -> Map.of("__typename", "Statement", "id", pick(values.statementIds));
                default -> Map.of("__typename", "Article", "id", pick(values.articleIds));
            };
        }

        /** Filters, orders and other input objects: some of their fields, each with a value of its kind. */
        private Object generic(String name, GraphQLInputType type, int depth) {
            GraphQLInputType unwrapped = (GraphQLInputType) GraphQLTypeUtil.unwrapNonNull(type);
            if (unwrapped instanceof GraphQLList list) {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    items.add(generic(name, (GraphQLInputType) list.getWrappedType(), depth + 1));
                }
                return items;
            }
            if (unwrapped instanceof GraphQLInputObjectType object) {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                    if (random.nextInt(3) == 0) {
                        fields.put(field.getName(), generic(field.getName(), field.getType(), depth + 1));
                    }
                }
                return fields;
            }
            if (unwrapped instanceof GraphQLEnumType enumType) {
                if (name.equals("status")) {
                    boolean editor = caller.viewer.editor();
                    return new EnumValue(editor || random.nextInt(6) == 0 ? pick(List.of("PUBLISHED", "DRAFT", "WITHDRAWN"))
                            : "PUBLISHED");
                }
                return new EnumValue(pick(enumType.getValues()).getName());
            }
            return switch (name) {
                case "country" -> pick(COUNTRY_CODES);
                case "language" -> pick(List.of("ur", "en", "UR", "ur-PK"));
                case "speaker" -> pick(values.speakerIds);
                case "article" -> pick(values.articleIds);
                case "publishedFrom", "publishedBefore" -> pick(TIMES);
                case "query" -> pick(WORDS);
                case "namePrefix" -> pick(NAME_PREFIXES);
                default -> switch (((GraphQLNamedType) unwrapped).getName()) {
                    case "Int" -> random.nextInt(5);
                    case "Boolean" -> random.nextBoolean();
                    default -> "x";
                };
            };
        }

        /** The value as a literal or, sometimes, as a variable of the argument's type. */
        private String render(GraphQLInputType type, Object value) {
            if (random.nextInt(4) == 0) {
                return variable(GraphQLTypeUtil.simplePrint(type), value);
            }
            if (value instanceof EnumValue enumValue) {
                return enumValue.name();
            }
            if (value instanceof List<?> list) {
                GraphQLInputType item = (GraphQLInputType) ((GraphQLList) GraphQLTypeUtil.unwrapNonNull(type))
                        .getWrappedType();
                List<String> items = new ArrayList<>();
                list.forEach(element -> items.add(render(item, element)));
                return "[" + String.join(", ", items) + "]";
            }
            if (value instanceof Map<?, ?> map) {
                GraphQLInputObjectType object = (GraphQLInputObjectType) GraphQLTypeUtil.unwrapNonNull(type);
                if (object == null) {
                    throw new IllegalStateException(type.toString());
                }
                List<String> fields = new ArrayList<>();
                map.forEach((name, fieldValue) -> fields.add(name + ": "
                        + render(object.getFieldDefinition((String) name).getType(), fieldValue)));
                return "{" + String.join(", ", fields) + "}";
            }
            return json(value);
        }

        /**
         * A new variable of this type holding the value (enum values as their names), sometimes as
         * its default value instead of in the request's variables; null sent as null or left out.
         */
        private String variable(String type, Object value) {
            String name = "v" + (variableTypes.size() + 1);
            boolean scalar = value instanceof String || value instanceof Integer || value instanceof Boolean
                    || value instanceof EnumValue;
            if (scalar && random.nextInt(6) == 0) {
                variableTypes.put(name, type + " = " + (value instanceof EnumValue enumValue ? enumValue.name() : json(value)));
            } else {
                variableTypes.put(name, type);
                if (value != null || random.nextBoolean()) {
                    variables.put(name, plain(value));
                }
            }
            return "$" + name;
        }

        private static Object plain(Object value) {
            if (value instanceof EnumValue enumValue) {
                return enumValue.name();
            }
            if (value instanceof List<?> list) {
                return list.stream().map(Documents::plain).toList();
            }
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> plain = new LinkedHashMap<>();
                map.forEach((key, item) -> plain.put(key, plain(item)));
                return plain;
            }
            return value;
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
