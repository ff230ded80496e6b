package org.newsroom.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.Json;

/** The compiled read path writes extensions.cost itself: it must be what the interpreter's map encodes to. */
class CostReportTest {

    @Test
    void theWrittenReportIsTheEncodedMap() {
        Instant at = Instant.parse("2026-12-05T18:30:12.345678Z");
        RateLimiter.Decision decision = new RateLimiter.Decision(true, 200000, 199573, Duration.ofSeconds(8),
                Duration.ZERO, Duration.ofHours(1));
        for (QuotaInstrumentation.Charge charge : new QuotaInstrumentation.Charge[] {
                new QuotaInstrumentation.Charge(427, 10000, decision, at),
                new QuotaInstrumentation.Charge(3, 10000, null, at) }) {
            assertEquals(Json.encode(QuotaInstrumentation.report(charge)), QuotaInstrumentation.reportJson(charge));
        }
        assertEquals("{\"requested\":427,\"maximum\":10000,\"limit\":200000,\"remaining\":199573,"
                + "\"resetAt\":\"2026-12-05T18:30:20Z\",\"window\":\"PT1H\"}",
                QuotaInstrumentation.reportJson(new QuotaInstrumentation.Charge(427, 10000, decision, at)));
    }
}
