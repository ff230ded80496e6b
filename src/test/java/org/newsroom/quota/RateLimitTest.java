package org.newsroom.quota;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.graphql.GlobalId;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.GraphQLClient.GraphQLResponse;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.LogCapture;
import org.newsroom.testing.Management;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Rate limits per caller, in cost points per window, all taken from buckets in memory: partners'
 * and token holders' synced with the other replicas through PostgreSQL (another replica is a
 * second {@link RateLimiter} here, on the same table), anonymous callers' per replica (seen here
 * over HTTP only). Each test spends the budget of a caller of its own (budgets in the test profile
 * of application.properties, or unique callers), so the tests do not depend on each other or on
 * the rest of the suite. Tests that sync by hand pause the scheduler, whose sync would otherwise
 * interleave.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    DataSource dataSource;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    Scheduler scheduler;

    @Inject
    RateLimiter limiter;

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
        Response refused = HibernateStatements.noneDuring(sessionFactory,
                () -> post(SPEAKERS_PAGE, "Authorization", "Bearer " + token)); // no resolver ran
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
    void theReadEngineRefusesAsAWriteIsRefusedWithoutReadingAnything() {
        String token = Tokens.withRoles("quota-engine-refusal", "editor"); // a budget of 100
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(SPEAKERS_PAGE, "Authorization", "Bearer " + token).statusCode());
        }
        Response read = HibernateStatements.noneDuring(sessionFactory,
                () -> post(SPEAKERS_PAGE, "Authorization", "Bearer " + token));
        // a write goes through SmallRye's execution, whose instrumentation charges it
        Response write = HibernateStatements.noneDuring(sessionFactory, () -> post(document("speaker/create-speaker"),
                Map.of("input", Map.of("kind", "PERSON", "originalName", "نہیں", "nameLanguage", "ur",
                        "latinName", "Not written")), "Authorization", "Bearer " + token));
        assertEquals("compiled", read.header(CompiledReadRoute.EXECUTION), read.asString());
        assertEquals("interpreted", write.header(CompiledReadRoute.EXECUTION));
        assertEquals(429, read.statusCode(), read.asString());
        assertEquals(429, write.statusCode(), write.asString());
        for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Policy", "Cache-Control",
                "Content-Type")) {
            assertEquals(write.header(header), read.header(header), header);
        }
        assertNotNull(read.header("Retry-After"));
        // the same bytes but the numbers: the seconds, which move on between the two, and each one's cost
        assertEquals(write.asString().replaceAll("\\d+", "0"), read.asString().replaceAll("\\d+", "0"));

        for (String accept : List.of("application/json", "application/graphql-response+json")) {
            Response tooCostly = given().contentType(ContentType.JSON).accept(accept)
                    .body(Map.of("query", document("quota/too-costly"))).when().post("/graphql");
            assertEquals("compiled", tooCostly.header(CompiledReadRoute.EXECUTION), tooCostly.asString());
            assertEquals(accept.equals("application/json") ? 200 : 400, tooCostly.statusCode(), accept);
            assertEquals("QUERY_LIMIT_EXCEEDED", tooCostly.jsonPath().getString("errors[0].extensions.code"));
            assertEquals(10_000, tooCostly.jsonPath().getInt("errors[0].extensions.maxCost"), tooCostly.asString());
            assertNull(tooCostly.jsonPath().get("data"), "refused before it ran");
        }
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

            limiter.sync();
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
            assertEquals(1, statementsRun(), () -> "one statement in all, the read: " + statementsSeen());
            assertEquals(List.of(), buckets("anonymous:203.0.113.31"), "no bucket in the database");

            // a write, charged by SmallRye's execution (and refused: anonymous), costs none either
            resetStatementStatistics();
            Response write = post(document("speaker/create-speaker"), Map.of("input", Map.of("kind", "PERSON",
                    "originalName", "نہیں", "nameLanguage", "ur", "latinName", "Not written")),
                    "X-Forwarded-For", "203.0.113.32");
            assertEquals("UNAUTHENTICATED", write.jsonPath().getString("errors[0].extensions.code"), write.asString());
            assertRateLimited(write);
            assertEquals(0, statementsRun(), () -> "no statement: " + statementsSeen());
            assertEquals(List.of(), buckets("anonymous:203.0.113.32"), "no bucket in the database");
        } finally {
            scheduler.resume();
        }
    }

    @Test
    void aPartnersAndAnEditorsReadsCostNoStatementForTheirRateLimit() throws SQLException {
        assumeTrue(statementStatisticsLoaded(), "pg_stat_statements is not in shared_preload_libraries of this server");
        GraphQLResponse created = GraphQLClient.admin().execute("syndication/create-partner",
                Map.of("input", TestData.input("name", "quota-no-statement", "languages", List.of(), "countries", List.of())));
        String apiKey = created.data("createPartner.key");
        String partner = "partner:" + GlobalId.numericKey(created.data("createPartner.partner.id"), "Partner");
        String editor = "quota-no-statement-" + UUID.randomUUID();
        scheduler.pause();
        try {
            limiter.sync(); // after a scheduled one under way; what others spent is then not in the counts
            resetStatementStatistics();
            Response partnerRead = post(SPEAKERS_PAGE, "X-Api-Key", apiKey);
            assertEquals(200, partnerRead.statusCode(), partnerRead.asString());
            assertEquals(Long.toString(500_000 - 20), partnerRead.header("RateLimit-Remaining"));
            Response editorRead = post(SPEAKERS_PAGE, "Authorization", "Bearer " + Tokens.withRoles(editor, "editor"));
            assertEquals(200, editorRead.statusCode(), editorRead.asString());
            assertEquals(Long.toString(100_000_000 - 20), editorRead.header("RateLimit-Remaining"));
            assertEquals(0, rateLimitStatements(), () -> "no rate limit statement on the way: " + statementsSeen());
            assertEquals(List.of(), buckets(partner, "user:" + editor), "nothing written yet");

            resetStatementStatistics();
            assertEquals(2, limiter.sync().written(), "both callers spent since the last sync");
            assertEquals(1, rateLimitStatements(), () -> "both in one statement: " + statementsSeen());
            assertEquals(500_000 - 20, balance(partner), 1);
            assertEquals(100_000_000 - 20, balance("user:" + editor), 1);
        } finally {
            scheduler.resume();
            forget(partner, "user:" + editor);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement("delete from partner where id = ?")) {
                delete.setLong(1, Long.parseLong(partner.substring("partner:".length())));
                delete.execute();
            }
        }
    }

    @Test
    void oneSyncWritesWhatManyCallersSpentInOneStatement() throws SQLException {
        assumeTrue(statementStatisticsLoaded(), "pg_stat_statements is not in shared_preload_libraries of this server");
        String[] callers = new String[50];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = "user:quota-sync-" + i + "-" + UUID.randomUUID();
        }
        scheduler.pause();
        try {
            limiter.sync(); // what others spent is not in this sync
            for (int i = 0; i < callers.length; i++) {
                assertTrue(limiter.take(callers[i], 1_000, i + 1).allowed());
            }
            resetStatementStatistics();
            assertEquals(callers.length, limiter.sync().written());
            assertEquals(1, rateLimitStatements(), () -> "one statement for all: " + statementsSeen());
            for (int i = 0; i < callers.length; i++) {
                assertEquals(1_000 - (i + 1), balance(callers[i]), 1, callers[i]);
            }
            resetStatementStatistics();
            RateLimiter.Synced next = limiter.sync();
            assertEquals(0, next.written(), "nobody spent since");
            assertTrue(next.refreshed() >= callers.length, "their buckets are not full: read again, " + next);
            assertEquals(1, rateLimitStatements(), () -> "read in one statement too: " + statementsSeen());
            for (int i = 0; i < callers.length; i++) {
                assertEquals(1_000 - (i + 1), balance(callers[i]), 1, "a read writes nothing: " + callers[i]);
            }
        } finally {
            scheduler.resume();
            forget(callers);
        }
    }

    @Test
    void whatAnotherReplicaSpentIsHeldAgainstTheBudgetAfterTheNextSync() throws SQLException {
        // Two replicas on one shared table, neither having heard of the other's spending: each lets
        // through what its own bucket holds (the tolerance: here 12 of a budget of 10), then both
        // sync and the overspending is debt that neither lets the caller past.
        RateLimiter one = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        RateLimiter other = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        String caller = "user:quota-replicas-" + UUID.randomUUID();
        try {
            for (int i = 0; i < 6; i++) {
                assertTrue(one.take(caller, 10, 1).allowed(), "on the first replica, point " + (i + 1));
                assertTrue(other.take(caller, 10, 1).allowed(), "on the other replica, point " + (i + 1));
            }
            assertEquals(1, one.sync().written());
            assertEquals(1, other.sync().written());
            assertEquals(-2, balance(caller), 0.01, "12 of 10 spent: 2 in debt");
            RateLimiter.Decision refused = other.take(caller, 10, 1);
            assertFalse(refused.allowed(), "the other replica learnt the shared balance at its sync");
            assertEquals(0, refused.remaining());
            long retry = refused.retryAfter().toSeconds();
            assertTrue(retry > 3 * 360 - 5 && retry <= 3 * 360, "the debt and one point refill first: " + retry);

            one.take(caller, 10, 1); // its bucket still held 4: the tolerance, charged at its next sync
            assertEquals(1, one.sync().written());
            assertEquals(-3, balance(caller), 0.01);
            assertFalse(one.take(caller, 10, 1).allowed(), "after its sync the first replica refuses too");
            assertEquals(0, one.sync().written(), "refused requests took nothing");
        } finally {
            forget(caller);
        }
    }

    @Test
    void aReplicaNotAskedSinceItsLastSyncLearnsAtItsNextSyncWhatAnotherSpent() throws SQLException {
        // Replica B saw the partner once, then was idle; replica A spent the rest of the budget.
        // B's next sync reads the shared balance of the buckets it holds that are not full, so B
        // refuses without having been asked (and without spending) since its last sync.
        assumeTrue(statementStatisticsLoaded(), "pg_stat_statements is not in shared_preload_libraries of this server");
        RateLimiter a = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        RateLimiter b = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        String partner = "partner:quota-idle-replica-" + UUID.randomUUID();
        scheduler.pause(); // only these two replicas' statements in the count
        try {
            assertTrue(b.take(partner, 10, 1).allowed(), "the partner's one request on B");
            assertEquals(new RateLimiter.Synced(1, 0), b.sync());
            assertTrue(a.take(partner, 10, 9).allowed(), "the other 9 points on A");
            assertEquals(new RateLimiter.Synced(1, 0), a.sync());
            assertEquals(0, balance(partner), 0.01);

            resetStatementStatistics();
            assertEquals(new RateLimiter.Synced(0, 1), b.sync(), "B spent nothing, but holds the partner's bucket");
            assertEquals(1, rateLimitStatements(), () -> "one statement: " + statementsSeen());
            RateLimiter.Decision refused = b.take(partner, 10, 1);
            assertFalse(refused.allowed(), "B knows the budget is spent, though nobody asked it since its last sync");
            assertEquals(0, refused.remaining());
            assertEquals(0, balance(partner), 0.01, "reading the balance wrote nothing, and the refusal took nothing");
            assertEquals(new RateLimiter.Synced(0, 1), b.sync(), "the bucket, still short, is read again");
        } finally {
            scheduler.resume();
            forget(partner);
        }
    }

    @Test
    void aSyncReadsAtMostTheCappedNumberOfHeldBucketsTheLeastRecentlyReadFirst() throws SQLException {
        RateLimiter a = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        RateLimiter b = new RateLimiter(dataSource, Duration.ofHours(1), 100, 1); // one bucket read per sync
        String first = "partner:quota-capped-1-" + UUID.randomUUID();
        String second = "partner:quota-capped-2-" + UUID.randomUUID();
        try {
            for (String partner : List.of(first, second)) {
                assertTrue(b.take(partner, 10, 1).allowed());
                assertTrue(a.take(partner, 10, 9).allowed());
            }
            assertEquals(new RateLimiter.Synced(2, 0), b.sync(), "every caller that spent is written, whatever the cap");
            assertEquals(new RateLimiter.Synced(2, 0), a.sync());

            assertEquals(new RateLimiter.Synced(0, 1), b.sync(), "one of the two");
            assertEquals(new RateLimiter.Synced(0, 1), b.sync(), "the other, read less recently");
            assertFalse(b.take(first, 10, 1).allowed(), "B knows what A spent on the first partner");
            assertFalse(b.take(second, 10, 1).allowed(), "and on the second");
        } finally {
            forget(first, second);
        }
    }

    @Test
    void aBucketFullAgainWithNothingToSyncIsDroppedAndCostsNoStatement() throws SQLException, InterruptedException {
        assumeTrue(statementStatisticsLoaded(), "pg_stat_statements is not in shared_preload_libraries of this server");
        RateLimiter replica = new RateLimiter(dataSource, Duration.ofSeconds(3), 100, 100); // 30 points refill in 3 s
        String caller = "user:quota-full-again-" + UUID.randomUUID();
        scheduler.pause();
        try {
            assertTrue(replica.take(caller, 30, 30).allowed());
            assertEquals(new RateLimiter.Synced(1, 0), replica.sync());
            assertEquals(new RateLimiter.Synced(0, 1), replica.sync(), "empty: read while it refills");
            Thread.sleep(3_200);

            resetStatementStatistics();
            assertEquals(new RateLimiter.Synced(0, 0), replica.sync(), "full again and nothing spent");
            assertEquals(0, rateLimitStatements(), () -> "no statement: " + statementsSeen());
            assertEquals(0, replica.held(), "the bucket is dropped: a full bucket is the same as none");

            assertTrue(replica.take(caller, 30, 30).allowed(), "a new bucket, full");
            assertFalse(replica.take(caller, 30, 1).allowed(), "and spent as the one before");
            assertEquals(new RateLimiter.Synced(1, 0), replica.sync());
        } finally {
            scheduler.resume();
            forget(caller);
        }
    }

    @Test
    void aBudgetSpentOnAnotherReplicaIsRefusedHereWith429() throws SQLException {
        String token = Tokens.withRoles("quota-replicas", "editor"); // a budget of 100
        RateLimiter otherReplica = new RateLimiter(dataSource, Duration.ofHours(1), 100, 100);
        scheduler.pause();
        try {
            limiter.sync(); // what other tests spent just before is not in the count below
            forget("user:quota-replicas"); // a shared bucket left by an earlier run in this database
            assertEquals(200, post(SPEAKERS_PAGE, "Authorization", "Bearer " + token).statusCode(), "20 of 100");
            assertTrue(otherReplica.take("user:quota-replicas", 100, 80).allowed(), "80 more elsewhere");
            assertEquals(1, otherReplica.sync().written());
            assertEquals(1, limiter.sync().written());

            Response refused = post(ONE_COUNTRY, "Authorization", "Bearer " + token);
            assertEquals(429, refused.statusCode(), refused.asString());
            assertEquals("RATE_LIMITED", refused.jsonPath().getString("errors[0].extensions.code"));
            assertEquals("100", refused.header("RateLimit-Limit"));
            assertEquals("0", refused.header("RateLimit-Remaining"));
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 36 + 1, "one point back after 36 seconds: " + retryAfter);
            assertNull(refused.jsonPath().get("data"), "nothing ran");
        } finally {
            scheduler.resume();
            forget("user:quota-replicas");
        }
    }

    @Test
    void whileTheDatabaseCannotBeAskedRequestsGoThroughOnTheBucketsInMemory() {
        DataSource unreachable = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
                    throw new SQLTransientConnectionException("Connection refused");
                });
        RateLimiter cutOff = new RateLimiter(unreachable, Duration.ofHours(1), 100, 100);
        try (LogCapture log = LogCapture.start(List.of())) {
            for (int i = 0; i < 3; i++) {
                assertTrue(cutOff.take("user:quota-outage", 5, 1).allowed(), "request " + (i + 1));
            }
            assertEquals(0, cutOff.sync().written(), "nothing could be written");
            assertTrue(cutOff.take("user:quota-outage", 5, 1).allowed(), "requests go on, not a wall of 429s");
            assertTrue(cutOff.take("user:quota-partner", 5, 5).allowed(), "and so do other callers'");
            assertEquals(0, cutOff.sync().written());
            assertTrue(cutOff.take("user:quota-outage", 5, 1).allowed());
            assertFalse(cutOff.take("user:quota-outage", 5, 1).allowed(), "this replica still holds the budget");
            assertEquals(1, log.lines().stream().filter(line -> line.contains("could not be asked")).count(),
                    () -> "logged once, not at every sync: " + log.lines());
        }
    }

    @Test
    void sharedBucketsAreForgottenOnlyOnceRefilledToTheBudget() throws SQLException {
        String suffix = UUID.randomUUID().toString();
        String full = "user:quota-idle-full-" + suffix; // refilled after an hour (the window)
        String inDebt = "user:quota-idle-debt-" + suffix; // 25 of 10 to refill: two and a half hours
        String recent = "user:quota-idle-recent-" + suffix;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into rate_limit_bucket "
                        + "(caller, budget, tokens, refilled_at) values (?, 10, ?, now() - ? * interval '1 minute')")) {
            for (Object[] row : new Object[][] { { full, 5.0, 121 }, { inDebt, -15.0, 121 }, { recent, 5.0, 10 } }) {
                insert.setString(1, (String) row[0]);
                insert.setDouble(2, (Double) row[1]);
                insert.setInt(3, (Integer) row[2]);
                insert.execute();
            }
        }
        try {
            limiter.forgetIdleBuckets();
            assertEquals(List.of(inDebt, recent), buckets(full, inDebt, recent),
                    "a debt is not forgiven by forgetting the bucket before it is refilled");
        } finally {
            forget(full, inDebt, recent);
        }
    }

    /** The shared balance of a caller's bucket, as the last sync left it. */
    private double balance(String caller) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select tokens from rate_limit_bucket where caller = ?")) {
            select.setString(1, caller);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "a shared bucket for " + caller);
                return row.getDouble(1);
            }
        }
    }

    private void forget(String... callers) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from rate_limit_bucket where caller = any(?)")) {
            delete.setArray(1, connection.createArrayOf("text", callers));
            delete.execute();
        }
    }

    /** Statements on the shared buckets since the last reset (calls, not distinct texts). */
    private long rateLimitStatements() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select coalesce(sum(calls), 0) from pg_stat_statements "
                        + COUNTED + " and query ilike '%rate_limit_bucket%'");
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
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
        // Budget 7, cost 1 each: of 20 requests at once on one replica, exactly 7 run, whichever
        // thread they reach, because taking from the bucket in memory is atomic.
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

    /** Not counted: these questions, the catalog's, and a new connection's warm-up (newsroom.db.connection-warm-up). */
    private static final String COUNTED = "where dbid = (select oid from pg_database where datname = current_database()) "
            + "and query not ilike '%pg_stat_statements%' and query not ilike '%pg_catalog.%'"
            + " and query not ilike 'select length(repeat(%'";

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
