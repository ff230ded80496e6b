package org.newsroom.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.newsroom.fulltext.Normalizer;
import org.newsroom.fulltext.Words;
import org.newsroom.fulltext.Words.Word;

/**
 * Finds the words of the original text that a search matched. The database decides what matches
 * and how it ranks; this only places the marks: it splits the original text into words, keeps each
 * word's offsets, normalises words with the Java twin of {@code search_normalize} and compares
 * them with the normalised query words. One instance serves one search.
 */
final class Highlighter {

    static final int SNIPPET_LENGTH = 200;
    private static final int CONTEXT_BEFORE = 60;
    private static final double SIMILAR = 0.45;

    private final List<String> queryWords;
    private final String joinedQuery;
    private final boolean similarToo;
    /**
     * Words already normalised, shared by all searches: texts repeat their words, and searches the
     * texts' (normalising them was a quarter of a compiled search's CPU). Words of stored texts
     * only, never of queries; bounded, emptied when full.
     */
    private static final Map<String, String> NORMALISED_WORDS = new ConcurrentHashMap<>();
    private static final int CACHED_WORDS = 50_000;
    private static final int CACHED_WORD_LENGTH = 48;

    /**
     * @param query      the query as the client sent it
     * @param similarToo whether to mark words that are only similar (results found by similarity)
     */
    Highlighter(String query, boolean similarToo) {
        this.queryWords = Words.of(Normalizer.normalize(query)).stream().map(Word::text).toList();
        this.joinedQuery = String.join("", queryWords);
        this.similarToo = similarToo;
    }

    /** The highlight of one field, or null when no word of it matched. */
    Highlight highlight(SearchField field, String text) {
        if (text == null || text.isEmpty() || queryWords.isEmpty()) {
            return null;
        }
        List<Word> words = Words.of(text);
        List<String> normalised = words.stream()
                .map(word -> normalisedWord(word.text())).toList();
        boolean[] marked = new boolean[words.size()];
        for (int i = 0; i < words.size(); i++) {
            String word = normalised.get(i);
            if (matches(word)) {
                marked[i] = true;
            } else if (similarToo && i + 1 < words.size() && isSimilar(word + normalised.get(i + 1), joinedQuery)) {
                // a space the reader left out: "جوبائیڈن" for "جو بائیڈن"
                marked[i] = true;
                marked[i + 1] = true;
            }
        }
        List<TextRange> ranges = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (!marked[i]) {
                continue;
            }
            Word word = words.get(i);
            TextRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && i > 0 && marked[i - 1] && text.substring(last.end(), word.start()).isBlank()) {
                ranges.set(ranges.size() - 1, new TextRange(last.start(), word.end()));
            } else {
                ranges.add(new TextRange(word.start(), word.end()));
            }
        }
        if (ranges.isEmpty()) {
            return null;
        }
        int start = 0;
        int end = text.length();
        if (text.length() > SNIPPET_LENGTH) {
            start = wordStartAtOrAfter(text, Math.max(0, ranges.get(0).start() - CONTEXT_BEFORE));
            start = Math.min(start, ranges.get(0).start());
            end = wordEndAtOrBefore(text, Math.min(text.length(), start + SNIPPET_LENGTH));
            end = Math.max(end, ranges.get(0).end());
        }
        return new Highlight(field, text.substring(start, end), start, ranges);
    }

    private static String normalisedWord(String word) {
        if (word.length() > CACHED_WORD_LENGTH) {
            return Normalizer.normalize(word);
        }
        String normalised = NORMALISED_WORDS.get(word);
        if (normalised == null) {
            normalised = Normalizer.normalize(word);
            if (NORMALISED_WORDS.size() >= CACHED_WORDS) {
                NORMALISED_WORDS.clear();
            }
            NORMALISED_WORDS.put(word, normalised);
        }
        return normalised;
    }

    private boolean matches(String word) {
        for (String queryWord : queryWords) {
            if (word.startsWith(queryWord)) { // every query word matches as a word or as the start of one
                return true;
            }
            if (similarToo && (isSimilar(word, queryWord) || isSimilar(word, joinedQuery))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSimilar(String a, String b) {
        return a.length() >= 3 && b.length() >= 3 && similarity(a, b) >= SIMILAR;
    }

    /** Trigram similarity of two words, as pg_trgm counts it (words padded with two spaces before, one after). */
    static double similarity(String a, String b) {
        Set<String> left = trigrams(a);
        Set<String> right = trigrams(b);
        Set<String> union = new HashSet<>(left);
        union.addAll(right);
        left.retainAll(right);
        return union.isEmpty() ? 0 : (double) left.size() / union.size();
    }

    private static Set<String> trigrams(String word) {
        int[] points = ("  " + word + " ").codePoints().toArray();
        Set<String> trigrams = new HashSet<>();
        for (int i = 0; i + 2 < points.length; i++) {
            trigrams.add(new String(points, i, 3));
        }
        return trigrams;
    }

    private static int wordStartAtOrAfter(String text, int position) {
        if (position == 0) {
            return 0;
        }
        int i = position;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i - 1))) {
            i++;
        }
        return i;
    }

    private static int wordEndAtOrBefore(String text, int position) {
        if (position >= text.length()) {
            return text.length();
        }
        int i = position;
        while (i > 0 && !Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        if (i > 0 && Character.isLowSurrogate(text.charAt(i))) {
            i--;
        }
        return i;
    }
}
