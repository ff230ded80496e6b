package org.newsroom.compiled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorShapingInstrumentation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import graphql.GraphQLError;
import graphql.language.SourceLocation;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLType;

/**
 * The fields below the root whose resolvers refuse their own arguments (a page size PageArgs
 * refuses): the interpreter reports an error for each object such a field is asked on, and the
 * field's null makes null the nearest position above it that may be null (its non-null parents up
 * to there), or all of the data. The statement writes each such field as null under a marked key
 * ({@code ~r~<n>~<response key>}, never a GraphQL name) wherever its parent object is; this step
 * finds those places once the statement has answered, and writes each error and each null as
 * graphql-java's execution would. The errors come in the order of the response (the interpreter's
 * come in the order its DataLoaders complete them, which their caching decides: GraphQL leaves the
 * order of errors open, and this one is the response's).
 *
 * @param fields the refused fields, each numbered by its place in this list
 */
record RefusedBelowRoot(List<Field> fields) {

    static final String MARK = ComputedFields.MARK + "r" + ComputedFields.MARK;

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One refused field.
     *
     * @param number its place among the refused fields (its mark's number)
     * @param resultKey its key in the response
     * @param refusal its resolver's error
     * @param location where it is in the document
     * @param types the types of the fields from the root field down to this one, in order
     */
    record Field(int number, String resultKey, ApiException refusal, SourceLocation location,
            List<GraphQLOutputType> types) {

        /** The marked key the statement writes the field under. */
        String markedKey() {
            return MARK + number + ComputedFields.MARK + resultKey;
        }
    }

    /** The data with the refused fields' errors. */
    record Refused(byte[] data, List<GraphQLError> errors) {
    }

    /** A place of a refused field: its path in the response, and which field it is. */
    private record Place(List<Object> path, Field field) {
    }

    /** The data (as the statement and the other steps wrote it) with each place of the fields null, and the errors. */
    Refused apply(byte[] data) {
        try {
            List<Place> places = new ArrayList<>();
            try (JsonParser parser = JSON.createParser(data)) {
                parser.nextToken();
                find(parser, new ArrayList<>(), places);
            }
            if (places.isEmpty()) {
                return new Refused(data, List.of());
            }
            List<GraphQLError> errors = new ArrayList<>(places.size());
            Set<List<Object>> nulls = new HashSet<>();
            for (Place place : places) {
                errors.add(ErrorShapingInstrumentation.refusal(place.field().refusal(), place.field().location(),
                        place.path()));
                nulls.add(nearestNullable(place));
            }
            if (nulls.contains(List.of())) {
                return new Refused("null".getBytes(StandardCharsets.UTF_8), errors); // up to the root: no data
            }
            ByteArrayOutputStream written = new ByteArrayOutputStream(data.length);
            try (JsonParser parser = JSON.createParser(data); JsonGenerator out = JSON.createGenerator(written)) {
                parser.nextToken();
                copy(parser, out, new ArrayList<>(), nulls);
            }
            return new Refused(written.toByteArray(), errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The refused field a key marks, or null when the key is a field's own. */
    Field marked(String key) {
        if (!key.startsWith(MARK)) {
            return null;
        }
        int end = key.indexOf(ComputedFields.MARK, MARK.length());
        return fields.get(Integer.parseInt(key, MARK.length(), end, 10));
    }

    /** Collects each place of the fields, in the order of the response. */
    private void find(JsonParser parser, List<Object> path, List<Place> places) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                Field marked = marked(parser.currentName());
                path.add(marked != null ? marked.resultKey() : parser.currentName());
                parser.nextToken();
                if (marked != null) {
                    places.add(new Place(List.copyOf(path), marked));
                    parser.skipChildren();
                } else {
                    find(parser, path, places);
                }
                path.remove(path.size() - 1);
            }
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                path.add(index++);
                find(parser, path, places);
                path.remove(path.size() - 1);
            }
        }
    }

    /**
     * Where the field's null stops: the field itself when it may be null, else the nearest position
     * above it that may be (an object field, or a list's element); empty when none may, up to the root.
     */
    private static List<Object> nearestNullable(Place refused) {
        List<Object> place = refused.path();
        List<GraphQLType> typeOfPosition = new ArrayList<>(place.size());
        int field = 0;
        GraphQLType current = null;
        for (Object segment : place) {
            if (segment instanceof String) {
                current = refused.field().types().get(field++);
            } else {
                GraphQLType list = current instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : current;
                current = ((GraphQLList) list).getWrappedType();
            }
            typeOfPosition.add(current);
        }
        int position = place.size() - 1;
        while (position >= 0 && typeOfPosition.get(position) instanceof GraphQLNonNull) {
            position--;
        }
        return place.subList(0, position + 1);
    }

    /** Copies the value at the parser, null where {@code nulls} says, the marked key as the field's. */
    private void copy(JsonParser parser, JsonGenerator out, List<Object> path, Set<List<Object>> nulls)
            throws IOException {
        if (nulls.contains(path)) {
            out.writeNull();
            parser.skipChildren();
            return;
        }
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                out.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    Field marked = marked(parser.currentName());
                    String key = marked != null ? marked.resultKey() : parser.currentName();
                    out.writeFieldName(key);
                    parser.nextToken();
                    path.add(key);
                    copy(parser, out, path, nulls);
                    path.remove(path.size() - 1);
                }
                out.writeEndObject();
            }
            case START_ARRAY -> {
                out.writeStartArray();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    path.add(index++);
                    copy(parser, out, path, nulls);
                    path.remove(path.size() - 1);
                }
                out.writeEndArray();
            }
            default -> out.copyCurrentEventExact(parser);
        }
    }
}
