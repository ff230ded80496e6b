package org.newsroom.compiled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.newsroom.language.Languages;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The step that fills in the fields computed in Java ({@link ReadModel.Computed}) once the
 * statement has answered: the statement carries, at each such field's place, the field's SQL
 * inputs as a JSON array under a marked key ({@code ~<step>~<response key>}, never a GraphQL
 * name); this step streams the JSON through once, copying everything else and writing each
 * step's value under the response key. One statement, then one pass in Java; nothing is read
 * again. Also writes the JSON compactly, as SmallRye does (what GET's ETag is computed over).
 */
final class ComputedFields {

    static final char MARK = '~';

    private static final JsonFactory JSON = new JsonFactory();

    private ComputedFields() {
    }

    /**
     * The JSON with each marked field replaced by its step's value.
     *
     * @param acceptLanguage the request's Accept-Language header, null when it has none
     */
    static byte[] apply(byte[] json, List<ReadModel.Step> steps, String acceptLanguage) {
        Locale headerLanguage = steps.isEmpty() ? Languages.DEFAULT : Languages.ofAcceptLanguage(acceptLanguage);
        ByteArrayOutputStream written = new ByteArrayOutputStream(json.length);
        try (JsonParser parser = JSON.createParser(json);
                JsonGenerator out = JSON.createGenerator(written)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                // a step's mark is followed by its number (RefusedBelowRoot's is not, and is its own step's)
                if (token == JsonToken.FIELD_NAME && parser.currentName().charAt(0) == MARK
                        && Character.isDigit(parser.currentName().charAt(1))) {
                    String marked = parser.currentName();
                    int end = marked.indexOf(MARK, 1);
                    ReadModel.Step step = steps.get(Integer.parseInt(marked, 1, end, 10));
                    out.writeFieldName(marked.substring(end + 1));
                    step.write(out, inputs(parser), headerLanguage);
                } else {
                    out.copyCurrentEventExact(parser);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written.toByteArray();
    }

    /** The array of scalar inputs the statement wrote for one computed field. */
    private static List<Object> inputs(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new IOException("the inputs of a computed field are an array");
        }
        List<Object> inputs = new ArrayList<>(4);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            inputs.add(switch (token) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> parser.getLongValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new IOException("a computed field's input is a scalar, not " + token);
            });
        }
        return inputs;
    }
}
