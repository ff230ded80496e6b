package org.newsroom.fulltext;

import java.util.ArrayList;
import java.util.List;

/** Splits text into words as the highlights and the country-name index see them. */
public final class Words {

    private Words() {
    }

    public record Word(String text, int start, int end) {
    }

    /** The words of a text: runs of letters, digits, marks and joiners, with their UTF-16 offsets. */
    public static List<Word> of(String text) {
        List<Word> words = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int point = text.codePointAt(i);
            if (isWordPart(point)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                words.add(new Word(text.substring(start, i), start, i));
                start = -1;
            }
            i += Character.charCount(point);
        }
        if (start >= 0) {
            words.add(new Word(text.substring(start), start, text.length()));
        }
        return words;
    }

    private static boolean isWordPart(int point) {
        if (Character.isLetterOrDigit(point)) {
            return true;
        }
        int type = Character.getType(point);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.FORMAT;
    }
}
