package org.newsroom.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.search.JudgedCorpus.Doc;
import org.newsroom.search.JudgedCorpus.Judgement;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Recall@10 and nDCG@10 of {@code search} over the judged corpus (issue 21), through the GraphQL
 * API. Every document that holds all the words of a judged query must be among its first 10
 * results; nDCG@10 (gain 2^grade - 1, graded targets only) must reach {@link #NDCG_FLOOR} per
 * query and {@link #MEAN_NDCG_FLOOR} on average. The figures go to {@code target/search-judged.md}
 * ({@code bench/search/judged.sh} copies them to bench/results).
 */
@QuarkusTest
class SearchRelevanceTest {

    static final double NDCG_FLOOR = 0.5;
    static final double MEAN_NDCG_FLOOR = 0.85;
    static final Path REPORT = Path.of("target", "search-judged.md");

    private static JudgedCorpus corpus;

    private final JudgedSearch search = new JudgedSearch();

    @BeforeAll
    static void insertCorpus() throws SQLException {
        long start = System.nanoTime();
        corpus = JudgedCorpus.insert(dataSource());
        System.out.printf("judged corpus written in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void removeCorpus() throws SQLException {
        if (corpus != null) {
            corpus.remove(dataSource());
        }
    }

    @Test
    void theCorpusHoldsWordsFrequentEnoughForTheEnginesShortcuts() throws SQLException {
        for (String word : List.of(JudgedCorpus.URDU_COMMON.get(0), JudgedCorpus.APART_1, JudgedCorpus.APART_2)) {
            long articles = postings(1, word);
            long statements = postings(2, word);
            assertTrue(articles > 2000 && statements > 150, word + ": " + articles + " articles, " + statements + " statements");
        }
    }

    @Test
    void theJudgementsAgreeWithTheDatabase() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Judgement judgement : JudgedCorpus.JUDGEMENTS) {
            Set<Doc> exact = JudgedSearch.allWordsMatches(dataSource(), judgement.query(), false);
            Set<Doc> prefix = JudgedSearch.allWordsMatches(dataSource(), judgement.query(), true);
            Set<Doc> judged = judgement.grades().entrySet().stream().filter(e -> e.getValue() >= 2 && !judgement.similar())
                    .map(e -> corpus.target(e.getKey())).collect(Collectors.toSet());
            if (!exact.equals(judged) || !prefix.equals(judged)) {
                problems.add(judgement.query() + ": judged " + names(judged) + ", all words " + names(exact)
                        + ", last word as prefix " + names(prefix));
            }
            if (exact.size() > 10) {
                problems.add(judgement.query() + ": more than 10 documents hold all the words");
            }
        }
        assertEquals(List.of(), problems, "every all-words match is judged 2 or 3, and nothing else is");
    }

    @Test
    void everyAllWordsMatchIsInTheTopTenAndRankingIsGood() throws SQLException, IOException {
        List<Measure> measures = new ArrayList<>();
        for (Judgement judgement : JudgedCorpus.JUDGEMENTS) {
            Set<Doc> allWords = JudgedSearch.allWordsMatches(dataSource(), judgement.query(), false);
            List<Doc> top = search.first(judgement.query(), 10).docs();
            measures.add(new Measure(judgement, allWords, top, recall(allWords, top), ndcg(judgement, top)));
        }
        writeReport(measures);

        List<String> failures = new ArrayList<>();
        for (Measure measure : measures) {
            if (!measure.judgement().similar() && measure.recall() < 1.0) {
                failures.add(measure.judgement().query() + ": recall@10 " + format(measure.recall()) + ", found "
                        + names(measure.top()) + " of " + names(measure.allWords()));
            }
            if (measure.ndcg() < NDCG_FLOOR) {
                failures.add(measure.judgement().query() + ": nDCG@10 " + format(measure.ndcg()) + " < " + NDCG_FLOOR
                        + ", found " + names(measure.top()));
            }
        }
        double mean = measures.stream().mapToDouble(Measure::ndcg).average().orElse(0);
        if (mean < MEAN_NDCG_FLOOR) {
            failures.add("mean nDCG@10 " + format(mean) + " < " + MEAN_NDCG_FLOOR);
        }
        assertEquals(List.of(), failures, "see " + REPORT);
    }

    record Measure(Judgement judgement, Set<Doc> allWords, List<Doc> top, double recall, double ndcg) {
    }

    /** Share of the all-words matches among the first 10 results (1 when there are none). */
    static double recall(Set<Doc> allWords, List<Doc> top) {
        if (allWords.isEmpty()) {
            return 1.0;
        }
        Set<Doc> found = new HashSet<>(top.subList(0, Math.min(10, top.size())));
        found.retainAll(allWords);
        return (double) found.size() / allWords.size();
    }

    /** nDCG@10 with gain 2^grade - 1; an ungraded result has grade 0. */
    double ndcg(Judgement judgement, List<Doc> top) {
        double dcg = 0;
        for (int i = 0; i < Math.min(10, top.size()); i++) {
            String key = corpus.key(top.get(i));
            dcg += gain(key == null ? 0 : judgement.grades().getOrDefault(key, 0), i);
        }
        List<Integer> ideal = judgement.grades().values().stream().sorted((a, b) -> b - a).limit(10).toList();
        double idcg = 0;
        for (int i = 0; i < ideal.size(); i++) {
            idcg += gain(ideal.get(i), i);
        }
        return dcg / idcg;
    }

    private static double gain(int grade, int position) {
        return (Math.pow(2, grade) - 1) / (Math.log(position + 2) / Math.log(2));
    }

    private void writeReport(List<Measure> measures) throws IOException {
        StringBuilder report = new StringBuilder();
        report.append("| # | query | what | all-words matches | recall@10 | nDCG@10 | first 10 results |\n");
        report.append("|---|---|---|---|---|---|---|\n");
        int number = 1;
        for (Measure measure : measures) {
            Judgement judgement = measure.judgement();
            report.append("| ").append(number++).append(" | ").append(judgement.query()).append(" | ")
                    .append(judgement.what()).append(judgement.similar() ? " (typo: nDCG only)" : "").append(" | ")
                    .append(measure.allWords().size()).append(" | ")
                    .append(judgement.similar() ? "–" : format(measure.recall())).append(" | ")
                    .append(format(measure.ndcg())).append(" | ").append(ranked(judgement, measure.top())).append(" |\n");
        }
        List<Measure> exact = measures.stream().filter(m -> !m.judgement().similar()).toList();
        report.append("\nQueries: ").append(measures.size()).append(" (").append(exact.size()).append(" with all-words matches)")
                .append("; mean recall@10 of all-words matches: ")
                .append(format(exact.stream().mapToDouble(Measure::recall).average().orElse(0)))
                .append(" (required: 1.000 for each query); mean nDCG@10: ")
                .append(format(measures.stream().mapToDouble(Measure::ndcg).average().orElse(0)))
                .append(" (required: ≥ ").append(MEAN_NDCG_FLOOR).append(", and ≥ ").append(NDCG_FLOOR).append(" for each query).\n");
        report.append("Results: target name:grade; `·` a generated row or a target not graded for the query.\n");
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report.toString(), StandardCharsets.UTF_8);
    }

    private String ranked(Judgement judgement, List<Doc> top) {
        return top.stream().map(doc -> {
            String key = corpus.key(doc);
            Integer grade = key == null ? null : judgement.grades().get(key);
            return grade == null ? "·" : key + ":" + grade;
        }).collect(Collectors.joining(" "));
    }

    private String names(Iterable<Doc> docs) {
        List<String> names = new ArrayList<>();
        for (Doc doc : docs) {
            String key = corpus.key(doc);
            names.add(key == null ? doc.type().name().toLowerCase(Locale.ROOT) + "#" + doc.id() : key);
        }
        return names.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static long postings(int kind, String word) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from search_posting where kind = ? and word = search_normalize(?)")) {
            statement.setInt(1, kind);
            statement.setString(2, word);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static DataSource dataSource() {
        return Arc.container().instance(DataSource.class).get();
    }
}
