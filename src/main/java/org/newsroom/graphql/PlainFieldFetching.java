package org.newsroom.graphql;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import graphql.TrivialDataFetcher;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;

/**
 * Reads plain getters of our API types without SmallRye's per-field request context.
 * <p>
 * SmallRye's {@link FieldDataFetcher} prepares a request context for every field it reads (a copy
 * of the context, the rendered path, the selected fields as JSON, twice), which costs more than
 * the field itself on lists of hundreds of objects: it was most of our CPU per request in the
 * benchmark (bench/). Getters of API types never need that context (they run no SQL and never
 * look at the request), so when a getter's value needs no conversion (text, int, boolean, an
 * enum, one of our API objects, null) it is returned as it is; any other value (Instant, long,
 * lists, ...) still goes through SmallRye's fetcher, which converts it as before.
 */
final class PlainFieldFetching extends SimplePerformantInstrumentation {

    private static final java.lang.reflect.Field MODEL_FIELD = modelFieldAccessor();

    private final Map<DataFetcher<?>, DataFetcher<?>> fetchers = new ConcurrentHashMap<>();

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
            InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        if (MODEL_FIELD == null || !(dataFetcher instanceof FieldDataFetcher<?>)) {
            return dataFetcher;
        }
        return fetchers.computeIfAbsent(dataFetcher, PlainFieldFetching::plainGetter);
    }

    private static DataFetcher<?> plainGetter(DataFetcher<?> smallRye) {
        try {
            String method = ((io.smallrye.graphql.schema.model.Field) MODEL_FIELD.get(smallRye)).getMethodName();
            return method == null ? smallRye : new PlainGetter(method, smallRye);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return smallRye;
        }
    }

    private static java.lang.reflect.Field modelFieldAccessor() {
        try {
            java.lang.reflect.Field field = FieldDataFetcher.class.getDeclaredField("field");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another SmallRye version: every field keeps SmallRye's fetcher
        }
    }

    static boolean needsNoConversion(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Boolean
                || value instanceof Enum<?> || value.getClass().getPackageName().startsWith("org.newsroom.");
    }

    /** Calls the getter through a method handle per source class; falls back to SmallRye's fetcher. */
    static final class PlainGetter implements DataFetcher<Object>, TrivialDataFetcher<Object> {

        private final DataFetcher<?> smallRye;
        private final ClassValue<MethodHandle> getters;

        PlainGetter(String methodName, DataFetcher<?> smallRye) {
            this.smallRye = smallRye;
            this.getters = new ClassValue<>() {
                @Override
                protected MethodHandle computeValue(Class<?> type) {
                    try {
                        return MethodHandles.publicLookup().unreflect(type.getMethod(methodName));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            };
        }

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            Object source = environment.getSource();
            MethodHandle getter = source == null ? null : getters.get(source.getClass());
            if (getter == null) {
                return smallRye.get(environment);
            }
            Object value;
            try {
                value = getter.invoke(source);
            } catch (Throwable e) {
                return smallRye.get(environment); // SmallRye reports the failure its own way
            }
            return needsNoConversion(value) ? value : smallRye.get(environment);
        }
    }
}
