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
 * A field below the root whose resolver refuses its own arguments (a page size PageArgs refuses):
 * the interpreter reports an error for each object the field is asked on, and the field's null
 * makes null the nearest position above it that may be null (its non-null parents up to there),
 * or all of the data. The statement writes the field as null under a marked key
 * ({@code ~r~<response key>}, never a GraphQL name) wherever its parent object is; this step finds
 * those places once the statement has answered, and writes each error and each null as
 * graphql-java's execution would. The compiler asks it only for a field below no list: the
 * interpreter's errors for the objects of a list come in the order of its batches.
 *
 * @param resultKey the field's key in the response
 * @param refusal the resolver's error
 * @param location where the field is in the document
 * @param types the types of the fields from the root field down to this one, in order
 */
record RefusedBelowRoot(String resultKey, ApiException refusal, SourceLocation location,
        List<GraphQLOutputType> types) {

    static final String MARK = ComputedFields.MARK + "r" + ComputedFields.MARK;

    private static final JsonFactory JSON = new JsonFactory();

    /** The data with the refused field's errors. */
    record Refused(byte[] data, List<GraphQLError> errors) {
    }

    /** The marked key the statement writes the field under. */
    String markedKey() {
        return MARK + resultKey;
    }

    /** The data (as the statement and the other steps wrote it) with each place of the field null, and the errors. */
    Refused apply(byte[] data) {
        try {
            List<List<Object>> places = new ArrayList<>();
            try (JsonParser parser = JSON.createParser(data)) {
                parser.nextToken();
                find(parser, new ArrayList<>(), places);
            }
            if (places.isEmpty()) {
                return new Refused(data, List.of());
            }
            List<GraphQLError> errors = new ArrayList<>(places.size());
            Set<List<Object>> nulls = new HashSet<>();
            for (List<Object> place : places) {
                errors.add(ErrorShapingInstrumentation.refusal(refusal, location, place));
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

    /** Collects the path of each place of the field, in the order of the response. */
    private void find(JsonParser parser, List<Object> path, List<List<Object>> places) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                boolean marked = name.equals(markedKey());
                path.add(marked ? resultKey : name);
                parser.nextToken();
                if (marked) {
                    places.add(List.copyOf(path));
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
    private List<Object> nearestNullable(List<Object> place) {
        List<GraphQLType> typeOfPosition = new ArrayList<>(place.size());
        int field = 0;
        GraphQLType current = null;
        for (Object segment : place) {
            if (segment instanceof String) {
                current = types.get(field++);
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
                    String name = parser.currentName();
                    String key = name.equals(markedKey()) ? resultKey : name;
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
