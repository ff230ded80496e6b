package org.newsroom.fulltext;

import java.text.Normalizer.Form;
import java.util.Locale;

/**
 * The Java twin of the SQL function {@code search_normalize} (migration V3): the database
 * normalises stored text and queries itself; this twin only serves to find, in the original text,
 * the words a search matched (highlights). {@code SearchNormalizerTest} runs both on the same
 * inputs and requires equal results.
 */
public final class Normalizer {

    /** Characters mapped to another one; the same lists, in the same order, as the migration. */
    private static final String MAPPED_FROM = "\u064A\u0649\u0643\u06AA\u06C1\u0629\u06BE\u06D5\u0671\u0672\u0673"
            + "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9"
            + "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
            + "\u0966\u0967\u0968\u0969\u096A\u096B\u096C\u096D\u096E\u096F"
            + "\u060C\u061B\u061F\u06D4\u066A\u066B\u066C\u066D\u0964\u0965\u00AB\u00BB\u2018\u2019\u201C\u201D\u2013\u2014";
    private static final String MAPPED_TO = "\u06CC\u06CC\u06A9\u06A9\u0647\u0647\u0647\u0647\u0627\u0627\u0627"
            + "0123456789" + "0123456789" + "0123456789" + "                  ";
    private static final char[] MAP = new char[0x10000];

    static {
        if (MAPPED_FROM.length() != MAPPED_TO.length()) {
            throw new IllegalStateException("Mapping lists differ in length");
        }
        for (int c = 0; c < MAP.length; c++) {
            MAP[c] = (char) c;
        }
        for (int i = 0; i < MAPPED_FROM.length(); i++) {
            MAP[MAPPED_FROM.charAt(i)] = MAPPED_TO.charAt(i);
        }
        removeRange(0x0300, 0x036F);
        removeRange(0x064B, 0x065F);
        remove(0x0670);
        removeRange(0x06D6, 0x06DC);
        removeRange(0x06DF, 0x06E4);
        removeRange(0x06E7, 0x06E8);
        removeRange(0x06EA, 0x06ED);
        remove(0x0640);
        removeRange(0x200B, 0x200F);
        removeRange(0x202A, 0x202E);
        removeRange(0x2060, 0x2064);
        removeRange(0x2066, 0x2069);
        remove(0xFEFF);
        remove(0x00AD);
        remove(0x061C);
    }

    /** Marks a removed character in {@link #MAP}: U+FFFF is a noncharacter, never in text we keep. */
    private static final char REMOVED = '\uFFFF';

    private Normalizer() {
    }

    private static void remove(int c) {
        MAP[c] = '\uFFFF';
    }

    private static void removeRange(int from, int to) {
        for (int c = from; c <= to; c++) {
            remove(c);
        }
    }

    /** The normalised form of a text, as {@code search_normalize} computes it. */
    public static String normalize(String input) {
        String decomposed = java.text.Normalizer.normalize(
                java.text.Normalizer.normalize(input, Form.NFKC).toLowerCase(Locale.ROOT), Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            char mapped = MAP[c];
            if (mapped != REMOVED || c == REMOVED) {
                out.append(c == REMOVED ? c : mapped);
            }
        }
        return out.toString().replace("\u00DF", "ss").replace("\u00E6", "ae").replace("\u0153", "oe");
    }
}
