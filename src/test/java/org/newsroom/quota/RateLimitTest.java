package org.newsroom.quota;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.graphql.GlobalId;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.Management;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Rate limits per caller, in cost points per window: partners' and token holders' buckets in
 * PostgreSQL, anonymous callers' in memory (seen here over HTTP only). Each test spends the
 * budget of a caller of its own (budgets in the test profile of application.properties), so the
 * tests do not depend on each other or on the rest of the suite.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    DataSource dataSource;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    Scheduler scheduler;

    private static final String ONE_COUNTRY = document("quota/one-country"); // cost 1
    private static final String SPEAKERS_PAGE = document("quota/speakers-page"); // cost 20
    private static final String FRONT_PAGE = document("quota/front-page"); // answered by the compiled read path

    @Test
    void headersAndExtensionsReportTheBudget() {
        String token = Tokens.withRoles("quota-headers", "editor");
        Response first = post(SPEAKERS_PAGE, "Authorization", "Bearer " + token);
        Response second = post(SPEAKERS_PAGE, "Authorization", "Bearer " + token);
        assertEquals(200, first.statusCode());
        assertEquals("1000", first.header("RateLimit-Limit"));
        assertEquals("980", first.header("RateLimit-Remaining"));
        assertEquals("1000;w=3600", first.header("RateLimit-Policy"));
        long reset = Long.parseLong(first.header("RateLimit-Reset"));
        assertTrue(reset > 0 && reset <= 3600 * 20 / 1000 + 1, "seconds until the bucket is full again: " + reset);
        assertEquals("960", second.header("RateLimit-Remaining"), "each request takes its cost");
        assertNull(second.header("Retry-After"));

        assertEquals(20, second.jsonPath().getInt("extensions.cost.requested"));
        assertEquals(1000, second.jsonPath().getInt("extensions.cost.limit"));
        assertEquals(960, second.jsonPath().getInt("extensions.cost.remaining"));
        assertNotNull(second.jsonPath().getString("extensions.cost.resetAt"));
    }

    @Test
    void overBudgetIs429WithRetryAfterAndAGraphQLError() {
        String token = Tokens.withRoles("quota-exhaust", "editor");
        for (int i = 0; i < 5; i++) {
            Response allowed = post(SPEAKERS_PAGE, "Authorization", "Bearer " + token);
            assertEquals(200, allowed.statusCode(), "request " + (i + 1) + " of 5 fits the budget of 100");
            assertNotNull(allowed.jsonPath().get("data.speakers"));
        }
        long statementsBefore = sessionFactory.getStatistics().getPrepareStatementCount();
        Response refused = post(SPEAKERS_PAGE, "Authorization", "Bearer " + token);
        assertEquals(statementsBefore, sessionFactory.getStatistics().getPrepareStatementCount(),
                "no resolver ran (the bucket is asked over plain JDBC, outside these statistics)");
        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After in seconds: " + retryAfter);
        assertEquals("0", refused.header("RateLimit-Remaining"));
        assertEquals("no-store", refused.header("Cache-Control"));
        assertTrue(refused.contentType().contains("json"), refused.contentType());
        assertNull(refused.jsonPath().get("data"), "nothing ran");
        assertEquals("RATE_LIMITED", refused.jsonPath().getString("errors[0].extensions.code"));
        assertEquals(retryAfter, refused.jsonPath().getLong("errors[0].extensions.retryAfter"));
        String message = refused.jsonPath().getString("errors[0].message");
        assertTrue(message.contains("Retry after " + retryAfter + " seconds"), message);

        Response cheap = post(ONE_COUNTRY, "Authorization", "Bearer " + token);
        assertEquals(429, cheap.statusCode(), "a refused request took nothing, but nothing is left either");
    }

    @Test
    void refusalsAreCountedInMetricsByReason() {
        String token = Tokens.withRoles("quota-metrics", "editor"); // a budget of 20
        double before = refusals("rate_limited");
        assertEquals(200, post(SPEAKERS_PAGE, "Authorization", "Bearer " + token).statusCode());
        assertEquals(429, post(SPEAKERS_PAGE, "Authorization", "Bearer " + token).statusCode());
        assertEquals(before + 1, refusals("rate_limited"), "graphql_requests_refused_total{reason=\"rate_limited\"}");

        double costBefore = refusals("query_cost");
        given().contentType(ContentType.JSON).body(Map.of("query", document("quota/too-costly"))).when()
                .post("/graphql").then().statusCode(200);
        assertEquals(costBefore + 1, refusals("query_cost"));
    }

    @Test
    void partnersAndTokenHoldersHaveBucketsOfTheirOwnKind() throws SQLException {
        GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner",
                Map.of("input", TestData.input("name", "quota-partner", "languages", List.of(), "countries", List.of())));
        String apiKey = created.data("createPartner.key");
        long partnerId = GlobalId.numericKey(created.data("createPartner.partner.id"), "Partner");
        try {
            Response partner = post(SPEAKERS_PAGE, "X-Api-Key", apiKey);
            assertEquals(200, partner.statusCode());
            assertEquals("500000", partner.header("RateLimit-Limit"), "the partners' budget");
            assertEquals("private, no-cache", partner.header("Cache-Control"));

            // a bearer token whose subject reads like the partner's bucket key, even with a partner role
            String lookalike = Tokens.withRoles("partner:" + partnerId, "editor", "partner");
            Response token = post(SPEAKERS_PAGE, "Authorization", "Bearer " + lookalike);
            assertEquals(200, token.statusCode());
            assertEquals("100000000", token.header("RateLimit-Limit"), "the token holders' budget");

            assertEquals(List.of("partner:" + partnerId, "user:partner:" + partnerId),
                    buckets("partner:" + partnerId, "user:partner:" + partnerId), "a bucket each");
        } finally {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement("delete from partner where id = ?")) {
                delete.setLong(1, partnerId);
                delete.execute();
            }
        }
    }

    private List<String> buckets(String... callers) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select caller from rate_limit_bucket where caller = any(?) order by caller")) {
            select.setArray(1, connection.createArrayOf("text", callers));
            List<String> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
            return found;
        }
    }

    @Test
    void anonymousCallersAreKeyedByClientAddress() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(ONE_COUNTRY, "X-Forwarded-For", "203.0.113.9").statusCode());
        }
        Response refused = post(ONE_COUNTRY, "X-Forwarded-For", "203.0.113.9");
        assertEquals(429, refused.statusCode());
        assertEquals("RATE_LIMITED", refused.jsonPath().getString("errors[0].extensions.code"));
        assertEquals("3", refused.header("RateLimit-Limit"));
        assertEquals("0", refused.header("RateLimit-Remaining"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600 / 3, "one point back after a third of the hour: " + retryAfter);
        long reset = Long.parseLong(refused.header("RateLimit-Reset"));
        assertTrue(reset > 3600 / 3 && reset <= 3600, "full again after the hour: " + reset);

        Response otherAddress = post(ONE_COUNTRY, "X-Forwarded-For", "203.0.113.10");
        assertEquals(200, otherAddress.statusCode(), "another client has its own budget");
        assertEquals("100000000", otherAddress.header("RateLimit-Limit"));
    }

    @Test
    void aClientCannotChooseItsBucketByWritingXForwardedFor() {
        // The test client (127.0.0.1) is the trusted proxy here: it appended 198.51.100.77, the
        // address it "saw"; 203.0.113.77 is what that client wrote itself. 198.51.100.77 has a budget of 1.
        Response first = post(ONE_COUNTRY, "X-Forwarded-For", "203.0.113.77, 198.51.100.77");
        assertEquals(200, first.statusCode());
        assertEquals("1", first.header("RateLimit-Limit"), "paid from the bucket of the address the proxy saw");
        assertEquals("0", first.header("RateLimit-Remaining"));
        assertEquals(429, post(ONE_COUNTRY, "X-Forwarded-For", "198.51.100.77").statusCode(), "that bucket is empty");
        Response written = post(ONE_COUNTRY, "X-Forwarded-For", "203.0.113.77");
        assertEquals(200, written.statusCode(), "the address the client wrote paid nothing");
        assertEquals(Long.toString(100_000_000 - 1), written.header("RateLimit-Remaining"));
    }

    @Test
    void anAnonymousReadCostsNoStatementForItsRateLimit() throws SQLException {
        // The embedded PostgreSQL preloads pg_stat_statements; an external server may not (then this is skipped).
        assumeTrue(statementStatisticsLoaded(), "pg_stat_statements is not in shared_preload_libraries of this server");
        scheduler.pause(); // no background job's statements in the counts
        try {
            resetStatementStatistics();
            Response compiled = post(FRONT_PAGE, Map.of("articles", 2, "statements", 2), "X-Forwarded-For", "203.0.113.31");
            assertEquals("compiled", compiled.header(CompiledReadRoute.EXECUTION));
            assertRateLimited(compiled);
            assertEquals(1, statementsRun(), "one statement in all: the read");
            assertEquals(List.of(), buckets("anonymous:203.0.113.31"), "no bucket in the database");

            resetStatementStatistics();
            long hibernateBefore = sessionFactory.getStatistics().getPrepareStatementCount();
            Response interpreted = post(SPEAKERS_PAGE, "X-Forwarded-For", "203.0.113.32",
                    CompiledReadRoute.EXECUTION, "interpreted");
            assertEquals("interpreted", interpreted.header(CompiledReadRoute.EXECUTION));
            assertRateLimited(interpreted);
            long read = sessionFactory.getStatistics().getPrepareStatementCount() - hibernateBefore;
            assertTrue(read > 0, "the speakers are read from the database");
            assertEquals(read, statementsRun(), () -> "no statement besides the resolvers' own: " + statementsSeen());
            assertEquals(List.of(), buckets("anonymous:203.0.113.32"), "no bucket in the database");
        } finally {
            scheduler.resume();
        }
    }

    private static void assertRateLimited(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("100000000", response.header("RateLimit-Limit"), "the anonymous budget");
        long cost = response.jsonPath().getLong("extensions.cost.requested");
        assertEquals(Long.toString(100_000_000 - cost), response.header("RateLimit-Remaining"), "the cost taken");
    }

    @Test
    void concurrentRequestsSpendTheBudgetExactlyOnce() throws Exception {
        // Budget 7, cost 1 each: of 20 requests at once, exactly 7 run, whichever replica or thread
        // they reach, because each takes its points in one atomic upsert on the caller's row.
        String token = Tokens.withRoles("quota-concurrent", "editor");
        int requests = 20;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return post(ONE_COUNTRY, "Authorization", "Bearer " + token).statusCode();
                };
                statuses.add(pool.submit(call));
            }
            start.countDown();
            int allowed = 0;
            int refused = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                if (code == 200) {
                    allowed++;
                } else if (code == 429) {
                    refused++;
                }
            }
            assertEquals(7, allowed, "exactly the budget ran");
            assertEquals(requests - 7, refused);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final String COUNTED = "where dbid = (select oid from pg_database where datname = current_database()) "
            + "and query not ilike '%pg_stat_statements%' and query not ilike '%pg_catalog.%'";

    private boolean statementStatisticsLoaded() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement libraries = connection.prepareStatement("select current_setting('shared_preload_libraries')");
                ResultSet row = libraries.executeQuery()) {
            row.next();
            return row.getString(1).contains("pg_stat_statements");
        }
    }

    private void resetStatementStatistics() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement create = connection.prepareStatement("create extension if not exists pg_stat_statements");
                PreparedStatement reset = connection.prepareStatement("select pg_stat_statements_reset()")) {
            create.execute();
            reset.execute();
        }
    }

    /**
     * Statements run in this database since the last reset; not counted: BEGIN, SET and the like, the
     * JDBC driver's own look-ups in the catalog (column metadata, once per connection), and these questions.
     */
    private long statementsRun() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select coalesce(sum(calls), 0) from pg_stat_statements "
                        + COUNTED);
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<String> statementsSeen() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select calls || ' x ' || query from pg_stat_statements "
                        + COUNTED);
                ResultSet rows = select.executeQuery()) {
            List<String> seen = new ArrayList<>();
            while (rows.next()) {
                seen.add(rows.getString(1));
            }
            return seen;
        } catch (SQLException e) {
            return List.of(e.getMessage());
        }
    }

    private static Response post(String query, String... headers) {
        return post(query, Map.of(), headers);
    }

    private static Response post(String query, Map<String, Object> variables, String... headers) {
        RequestSpecification request = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("query", query, "variables", variables));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.when().post("/graphql");
    }

    private static double refusals(String reason) {
        String metrics = Management.given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher sample = Pattern.compile("^graphql_requests_refused_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1).contains("reason=\"" + reason + "\"")) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }

    private static String document(String name) {
        String path = "graphql/" + name + ".graphql";
        try (InputStream in = RateLimitTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
