package org.newsroom.graphql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;

/**
 * GraphQL's {@code Int} is 32 bits. SmallRye's {@code Int} turns a larger literal into an int by
 * dropping the high bits ({@code first: 2147483648} arrived as -2147483648); here a value outside
 * the range is refused as the client sent it, before any resolver runs. The schema is otherwise
 * unchanged (type resolvers look their types up by name, see {@link JsonScalar#typeResolversByName}).
 */
final class IntRange {

    static final String INT = "Int";
    private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private IntRange() {
    }

    /** SmallRye's Int with the range checked on input. */
    static GraphQLScalarType checked(GraphQLScalarType smallRyeInt) {
        return smallRyeInt.transform(builder -> builder.coercing(new RangeChecked(smallRyeInt.getCoercing())));
    }

    private static String outOfRange(Object value) {
        return "An Int is a whole number from -2147483648 to 2147483647; " + value + " is outside that range.";
    }

    private static boolean outside(BigInteger value) {
        return value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0;
    }

    /** SmallRye's coercing, with the range checked on input. */
    @SuppressWarnings({ "deprecation", "unchecked", "rawtypes" })
    private static final class RangeChecked implements Coercing<Object, Object> {

        private final Coercing delegate;

        RangeChecked(Coercing<?, ?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object serialize(Object output) {
            return delegate.serialize(output);
        }

        @Override
        public Object serialize(Object output, GraphQLContext context, Locale locale) {
            return delegate.serialize(output, context, locale);
        }

        @Override
        public Object parseValue(Object input) {
            checkValue(input);
            return delegate.parseValue(input);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            checkValue(input);
            return delegate.parseValue(input, context, locale);
        }

        @Override
        public Object parseLiteral(Object input) {
            checkLiteral(input);
            return delegate.parseLiteral(input);
        }

        @Override
        public Object parseLiteral(Object input, Map<String, Object> variables) {
            checkLiteral(input);
            return delegate.parseLiteral(input, variables);
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            checkLiteral(input);
            return delegate.parseLiteral(input, variables, context, locale);
        }

        @Override
        public Value valueToLiteral(Object input) {
            return delegate.valueToLiteral(input);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return delegate.valueToLiteral(input, context, locale);
        }

        private static void checkLiteral(Object input) {
            if (input instanceof IntValue literal && outside(literal.getValue())) {
                throw new CoercingParseLiteralException(outOfRange(literal.getValue()));
            }
        }

        private static void checkValue(Object input) {
            BigInteger whole = null;
            if (input instanceof BigInteger big) {
                whole = big;
            } else if (input instanceof Long || input instanceof Integer || input instanceof Short) {
                whole = BigInteger.valueOf(((Number) input).longValue());
            } else if (input instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
                whole = decimal.toBigInteger();
            }
            if (whole != null && outside(whole)) {
                throw new CoercingParseValueException(outOfRange(whole));
            }
        }
    }
}
