package org.newsroom.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;

/** Plain getters skip SmallRye's per-field context only when their value needs no conversion. */
class PlainFieldFetchingTest {

    public static final class Source {
        public String getText() {
            return "خبر";
        }

        public Instant getPublishedAt() {
            return Instant.EPOCH;
        }
    }

    private final AtomicInteger smallRyeCalls = new AtomicInteger();
    private final DataFetcher<Object> smallRye = environment -> {
        smallRyeCalls.incrementAndGet();
        return "converted by SmallRye";
    };

    @Test
    void textComesStraightFromTheGetter() throws Exception {
        Object value = new PlainFieldFetching.PlainGetter("getText", smallRye).get(environment(new Source()));

        assertEquals("خبر", value);
        assertEquals(0, smallRyeCalls.get());
    }

    @Test
    void valuesThatNeedConversionStillGoThroughSmallRye() throws Exception {
        Object value = new PlainFieldFetching.PlainGetter("getPublishedAt", smallRye).get(environment(new Source()));

        assertEquals("converted by SmallRye", value);
        assertEquals(1, smallRyeCalls.get());
    }

    @Test
    void aSourceWithoutTheGetterFallsBackToSmallRye() throws Exception {
        new PlainFieldFetching.PlainGetter("getHeadline", smallRye).get(environment(new Source()));

        assertEquals(1, smallRyeCalls.get());
    }

    @Test
    void onlyTextIntsBooleansEnumsAndOurTypesPassUnconverted() {
        assertTrue(PlainFieldFetching.needsNoConversion(null));
        assertTrue(PlainFieldFetching.needsNoConversion(7));
        assertTrue(PlainFieldFetching.needsNoConversion(OrderDirection.DESC));
        assertTrue(PlainFieldFetching.needsNoConversion(new PageInfo(false, false, null, null)));
        assertFalse(PlainFieldFetching.needsNoConversion(7L));
        assertFalse(PlainFieldFetching.needsNoConversion(Instant.EPOCH));
        assertFalse(PlainFieldFetching.needsNoConversion(java.util.List.of("a")));
    }

    private static DataFetchingEnvironment environment(Object source) {
        return DataFetchingEnvironmentImpl.newDataFetchingEnvironment().source(source).build();
    }
}
