package org.newsroom.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The highlights of the results of one search, whichever path answers it: exact results mark the
 * query's words, results found by similarity mark similar words too. One instance serves one search.
 */
public final class SearchHighlights {

    private final Highlighter exact;
    private final Highlighter similar;

    public SearchHighlights(String query) {
        this.exact = new Highlighter(query, false);
        this.similar = new Highlighter(query, true);
    }

    public List<Highlight> article(double score, String headline, String body) {
        Highlighter highlighter = highlighter(score);
        return present(highlighter.highlight(SearchField.HEADLINE, headline),
                highlighter.highlight(SearchField.BODY, body));
    }

    public List<Highlight> statement(double score, String text) {
        return present(highlighter(score).highlight(SearchField.TEXT, text));
    }

    public List<Highlight> speaker(double score, String originalName, String latinName) {
        Highlighter highlighter = highlighter(score);
        return present(highlighter.highlight(SearchField.ORIGINAL_NAME, originalName),
                highlighter.highlight(SearchField.LATIN_NAME, latinName));
    }

    /** Scores of 1 and above are exact matches (SearchSql). */
    private Highlighter highlighter(double score) {
        return score >= 1 ? exact : similar;
    }

    private static List<Highlight> present(Highlight... highlights) {
        List<Highlight> present = new ArrayList<>(highlights.length);
        for (Highlight highlight : highlights) {
            if (highlight != null) {
                present.add(highlight);
            }
        }
        return present;
    }
}
