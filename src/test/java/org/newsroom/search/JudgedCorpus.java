package org.newsroom.search;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.newsroom.testing.SeedArticle;

/**
 * The judged search corpus of issue 21: several thousand generated articles (Urdu, Arabic, English)
 * full of frequent words, each with a statement, and a few planted target documents (rare names,
 * Urdu spelling variants, Latin transliterations; some older and lower in id than every generated
 * row, some newer) whose relevance to the {@link #JUDGEMENTS} is known. Same seed, same text.
 *
 * <p>Rows are written with ordinary inserts (one statement per table), so the triggers that keep
 * the postings and the vocabulary see them; {@link #remove} deletes them and the words only they
 * used, since the embedded database is shared by the whole test run.
 */
final class JudgedCorpus {

    static final long SEED = 21_2026L;
    static final int GENERATED_ARTICLES = 7000;
    static final int GENERATED_SPEAKERS = 300;

    /** The result types of {@code search}, as the API names them. */
    enum Type { ARTICLE, STATEMENT, SPEAKER }

    /** A document of the corpus: its type and database id. */
    record Doc(Type type, long id) {
    }

    /**
     * A judged query: the target documents relevant to it with their grade. 3: every word, in the
     * headline (a name, a statement) and as typed; 2: every word; 1: some of the words (only
     * documents holding the query's rare word are graded; those holding only a frequent word are
     * 0). {@code similar}: no document holds every word (a typo), so only nDCG is measured.
     */
    record Judgement(String query, String what, Map<String, Integer> grades, boolean similar) {
    }

    // Frequent words first: a generated text draws a third of its words from these, skewed to the first.
    static final List<String> URDU_COMMON = List.of("پاکستان", "حکومت", "کے", "میں", "اور", "کی", "وزیر", "صدر",
            "سے", "نے", "ہے", "کہ", "پر", "کا", "انتخابات", "اعظم", "رپورٹ", "عدالت", "پولیس", "بجٹ");
    static final List<String> ARABIC_COMMON = List.of("الحكومة", "في", "من", "على", "إلى", "أن", "الرئيس",
            "الانتخابات", "وزير", "قال", "التي", "هذا", "عن", "مع", "كان", "الشركة", "مصر", "السعودية", "الأمم",
            "المتحدة");
    static final List<String> ENGLISH_COMMON = List.of("government", "the", "of", "and", "to", "in", "president",
            "election", "minister", "said", "report", "court", "police", "market", "security", "united", "nations",
            "company", "campaign", "budget");
    /**
     * Two frequent Urdu words that generated texts never hold together (the first in every second
     * Urdu text, the second in the others), so only the targets match both.
     */
    static final String APART_1 = "بلدیاتی";
    static final String APART_2 = "ٹرانسپورٹ";

    // Syllables of made-up words; none starts like a target's rare word, so no made-up word holds
    // one or starts with one (the last query word is also a prefix).
    private static final List<String> URDU_SYLLABLES = List.of("کا", "کی", "بر", "سر", "من", "تر", "لا", "ما", "نی",
            "دو", "ری", "سا", "ہا", "پو", "چل", "گر", "شا", "وز", "یا", "فر", "جا", "خا", "دا", "رو", "زی", "طا",
            "لو", "بے", "نے", "ٹو");
    private static final List<String> ARABIC_SYLLABLES = List.of("كا", "لي", "مد", "ين", "سل", "عر", "بي", "حا",
            "نا", "تم", "رس", "ول", "فة", "جا", "شر", "ده", "صا", "طي", "زو", "خل", "ظا", "ضي", "بو", "هي", "يا",
            "سو", "دي", "لا", "نو", "كي");
    private static final List<String> ENGLISH_SYLLABLES = List.of("ka", "ter", "mon", "li", "pro", "sta", "vin",
            "gor", "el", "ran", "tis", "bel", "dor", "cu", "mi", "fen", "sar", "lo", "pek", "tan", "ri", "vo", "ken",
            "ham", "qu", "bri", "dal", "nor", "wes", "ty");

    private record Speaker(String key, String name, String latinName) {
    }

    private record Article(String key, boolean old, String language, String headline, String body) {
    }

    private record Quote(String key, String article, String speaker, String text) {
    }

    private static final List<Speaker> TARGET_SPEAKERS = List.of(
            new Speaker("speaker-ghazanfar", "غضنفر علی", "Ghazanfar Ali"),
            new Speaker("speaker-zulfiqar", "ذوالفقار مرزا", "Zulfiqar Mirza"),
            new Speaker("speaker-samina", "ثمینہ بیگ", "Samina Baig"));

    private static final List<Article> TARGET_ARTICLES = List.of(
            new Article("old-ghazanfar", true, "ur", "غضنفر علی نے پاکستان کی حکومت پر سوال اٹھایا",
                    "لاہور میں غضنفر علی نے کہا کہ بجٹ پر جواب دیا جائے۔\nوزیر نے جواب نہیں دیا۔"),
            new Article("old-transport", true, "ur", "بلدیاتی ٹرانسپورٹ کا نیا منصوبہ",
                    "ذوالفقار مرزا نے منصوبے پر رپورٹ پیش کی۔\nحکومت نے منصوبہ منظور کیا۔"),
            new Article("old-samina", true, "ur", "ثمینہ بیگ اور آئین",
                    "ثمینہ بیگ نے آئین کی بحالی پر زور دیا۔\nحکومت خاموش رہی۔"),
            new Article("old-qurtuba", true, "ar", "الحكومة تعلن مشروع قرطبة",
                    "قال الرئيس إن الدولة ستدعم المشروع الجديد.\nرحب وزير الثقافة بالقرار."),
            new Article("old-ghazanfar-en", true, "en", "Ghazanfar Ali questions the government",
                    "In Lahore, Ghazanfar Ali said the answers on the budget are overdue.\nThe minister did not reply."),
            // A made-up place whose name starts like the most frequent made-up words (کاکاکا, ...): the
            // similarity fallback turns it into those words, which thousands of newer rows hold.
            new Article("old-kakamon", true, "ur", "پاکستان کے شہر کاکاکامن کی خبر",
                    "کاکاکامن میں حکومت نے نیا دفتر کھولا۔\nشہر کے لوگ خوش ہیں۔"),
            new Article("old-kakamon-en", true, "en", "Kakakamon gets a new office",
                    "The government opened an office in Kakakamon.\nPeople there are pleased."),
            new Article("new-ghazanfar", false, "ur", "لاہور میں جلسہ",
                    "جلسے میں غَضَنفَر علی بھی موجود تھے۔\nشہر میں بارش ہوئی۔"),
            new Article("new-samina", false, "ur", "ثمينة بيگ کی کتاب",
                    "مؤذن کی آواز پر ثمينة بيگ نے تقریر روک دی۔\nپاکستان کے وزیر نے کتاب کی تعریف کی۔"),
            new Article("new-transport", false, "ur", "شہر کے اداروں کی خبر",
                    "ذوالفِقار مرزا نے کہا کہ بلدیاتی ٹرانسپورٹ کا کرایہ کم ہوگا۔\nپولیس نے سڑکیں بند کیں۔"),
            new Article("new-zulfiqar-en", false, "en", "Zulfiqar Mirza and Samina Baig meet",
                    "Zulfiqar Mirza met Samina Baig to discuss municipal transport.\nThe government welcomed the meeting."),
            new Article("new-azhdaha", false, "ur", "اژدہا کی کہانی",
                    "بچوں نے اژدہا کی کہانی سنی۔\nحکومت نے کتاب میلہ منعقد کیا۔"),
            new Article("new-qurtuba", false, "ar", "مؤتمر في قرطبة",
                    "عقد مؤتمر عن تاريخ المدينة.\nقال وزير الثقافة إن المؤتمر نجح."));

    private static final List<Quote> TARGET_QUOTES = List.of(
            new Quote("quote-transport", "old-transport", "speaker-zulfiqar", "بلدیاتی ٹرانسپورٹ کا منصوبہ عوام کے لیے ہے"),
            new Quote("quote-muezzin", "new-samina", "speaker-samina", "مؤذن کی آواز سب سے پہلے ہے"),
            new Quote("quote-azhdaha", "new-azhdaha", "speaker-samina", "اژدہا صرف کہانی میں ہے"),
            new Quote("quote-kakamon", "old-kakamon", "speaker-ghazanfar", "کاکاکامن میں حکومت کا دفتر ہے"),
            new Quote("quote-qurtuba", "old-qurtuba", "speaker-zulfiqar", "الحكومة ستدعم مشروع قرطبة"));

    static final List<Judgement> JUDGEMENTS = List.of(
            exact("غضنفر", "a rare Urdu name",
                    "old-ghazanfar", 3, "speaker-ghazanfar", 3, "new-ghazanfar", 2),
            exact("غضنفر پاکستان", "rare + frequent",
                    "old-ghazanfar", 3, "new-ghazanfar", 1, "speaker-ghazanfar", 1),
            exact("پاکستان حكومت غضنفر", "two frequent (one with Arabic KAF) + rare",
                    "old-ghazanfar", 3, "new-ghazanfar", 1, "speaker-ghazanfar", 1),
            exact(APART_1 + " " + APART_2, "two frequent words that occur together only in the targets",
                    "old-transport", 3, "quote-transport", 3, "new-transport", 2),
            exact("ذوالفقار " + APART_2 + " " + APART_1, "rare + two frequent, a target spelled with harakat",
                    "old-transport", 2, "new-transport", 2, "speaker-zulfiqar", 1, "quote-transport", 1),
            exact("ثمينة", "Arabic YEH and TEH MARBUTA for ی and ہ",
                    "new-samina", 3, "old-samina", 3, "speaker-samina", 2),
            exact("ثمینه آئین", "HEH for HEH GOAL + a word with madda and hamza",
                    "old-samina", 3, "new-samina", 1, "speaker-samina", 1),
            exact("ائین حکومت", "the madda left out + frequent",
                    "old-samina", 2),
            exact("موذن", "WAW without its hamza",
                    "quote-muezzin", 2, "new-samina", 2),
            exact("مؤذن پاکستان", "hamza form + frequent",
                    "new-samina", 2, "quote-muezzin", 1),
            exact("اَژدَہا", "harakat in the query",
                    "new-azhdaha", 3, "quote-azhdaha", 2),
            exact("اژدها حکومت", "HEH for HEH GOAL + frequent",
                    "new-azhdaha", 2, "quote-azhdaha", 1),
            exact("قرطبہ الحكومة", "Arabic text, Urdu HEH GOAL for TEH MARBUTA + frequent",
                    "old-qurtuba", 2, "quote-qurtuba", 2, "new-qurtuba", 1),
            exact("قرطبة", "a rare Arabic name",
                    "old-qurtuba", 3, "new-qurtuba", 3, "quote-qurtuba", 2),
            exact("کاکاکامن پاکستان", "a rare word similar to frequent ones + frequent",
                    "old-kakamon", 3, "quote-kakamon", 1),
            exact("حکومت کاکاکامن", "frequent + a rare word similar to frequent ones",
                    "old-kakamon", 2, "quote-kakamon", 2),
            exact("kakakamon government", "the same in Latin letters",
                    "old-kakamon-en", 2),
            // the seed article: the oldest article of the test database, holding the frequent words too
            exact("کے لاخنونن", "the most frequent word + a rare word of the seed article",
                    "seed", 2),
            exact("لاخنونن کے", "the same, swapped",
                    "seed", 2),
            exact("بیجنگ میں", "a rare word of the seed article + a frequent word",
                    "seed", 2),
            exact("Ghazanfar", "Latin transliteration of an Urdu name",
                    "speaker-ghazanfar", 3, "old-ghazanfar-en", 3),
            exact("ghazanfar government", "transliteration + frequent",
                    "old-ghazanfar-en", 3, "speaker-ghazanfar", 1),
            exact("Zulfiqar Mirza", "a transliterated full name",
                    "speaker-zulfiqar", 3, "new-zulfiqar-en", 3),
            exact("Mirza Zulfiqar", "the same name, words swapped",
                    "speaker-zulfiqar", 2, "new-zulfiqar-en", 2),
            exact("samina government transport", "transliteration + two frequent",
                    "new-zulfiqar-en", 2, "speaker-samina", 1),
            similar("غضنفڑ پاکستان", "a typo (ڑ for ر) + frequent",
                    "old-ghazanfar", 2, "new-ghazanfar", 1, "speaker-ghazanfar", 1),
            similar("ذوالفقر", "a letter left out",
                    "speaker-zulfiqar", 2, "old-transport", 2, "new-transport", 2),
            similar("Ghazanfer", "a Latin typo",
                    "speaker-ghazanfar", 2, "old-ghazanfar-en", 2));

    private static Judgement exact(String query, String what, Object... keysAndGrades) {
        return new Judgement(query, what, grades(keysAndGrades), false);
    }

    private static Judgement similar(String query, String what, Object... keysAndGrades) {
        return new Judgement(query, what, grades(keysAndGrades), true);
    }

    private static Map<String, Integer> grades(Object... keysAndGrades) {
        Map<String, Integer> grades = new LinkedHashMap<>();
        for (int i = 0; i < keysAndGrades.length; i += 2) {
            grades.put((String) keysAndGrades[i], (Integer) keysAndGrades[i + 1]);
        }
        return grades;
    }

    /** Rare words of the targets and their spelling variants, for the property tests. */
    static final List<String> RARE_WORDS = List.of("غضنفر", "غَضَنفَر", "ذوالفقار", "ثمینہ", "ثمينة", "مؤذن", "موذن",
            "اژدہا", "قرطبة", "قرطبہ", "آئین", "کاکاکامن", "kakakamon", "لاخنونن", "بیجنگ", "ghazanfar", "Zulfiqar", "mirza", "samina", "بیگ", "علی");
    static final List<String> FREQUENT_WORDS = List.of("پاکستان", "حکومت", "حكومت", "کے", "وزیر", "میں", "علی", APART_1, APART_2,
            "الحكومة", "في", "government", "the", "minister");

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Doc> targets = new HashMap<>();
    private final Map<Doc, String> keys = new HashMap<>();
    private final List<String> middleWords = new ArrayList<>();

    /** Writes the corpus in one transaction. */
    static JudgedCorpus insert(DataSource dataSource) throws SQLException {
        JudgedCorpus corpus = new JudgedCorpus();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("set local statement_timeout = '180s'")) {
                timeout.execute(); // the service's 5 s is for requests; this writes thousands of rows at once
            }
            corpus.write(connection);
            connection.commit();
        }
        return corpus;
    }

    /** The target document of a key of {@link #JUDGEMENTS}. */
    Doc target(String key) {
        Doc doc = targets.get(key);
        if (doc == null) {
            throw new IllegalArgumentException("No target " + key);
        }
        return doc;
    }

    /** The key of a target document, or null for a generated (or any other) row. */
    String key(Doc doc) {
        return keys.get(doc);
    }

    /** Made-up words of the generated texts that are neither frequent nor rare (tens to hundreds of rows). */
    List<String> middleWords() {
        return middleWords;
    }

    /** The prefix of {@code article.source_document} and {@code speaker.source_key} of this corpus. */
    String sourcePrefix() {
        return "judged:" + run + ":";
    }

    private void write(Connection connection) throws SQLException {
        Random random = new Random(SEED);
        for (Speaker speaker : TARGET_SPEAKERS) {
            long id = single(connection, "insert into speaker (kind, name, name_language, latin_name, role, source_key) "
                    + "values ('PERSON', ?, 'ur', ?, 'Official', ?) returning id",
                    speaker.name(), speaker.latinName(), sourcePrefix() + speaker.key());
            remember(speaker.key(), new Doc(Type.SPEAKER, id));
        }
        List<Long> generatedSpeakers = new ArrayList<>();
        List<String> speakerNames = new ArrayList<>();
        List<String> speakerLatin = new ArrayList<>();
        List<String> speakerKeys = new ArrayList<>();
        for (int i = 0; i < GENERATED_SPEAKERS; i++) {
            speakerNames.add(madeUp(random, URDU_SYLLABLES) + " " + madeUp(random, URDU_SYLLABLES));
            speakerLatin.add(capitalised(madeUp(random, ENGLISH_SYLLABLES)) + " " + capitalised(madeUp(random, ENGLISH_SYLLABLES)));
            speakerKeys.add(sourcePrefix() + "speaker-" + i);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into speaker (kind, name, name_language, latin_name, role, source_key) "
                        + "select 'PERSON', n, 'ur', l, 'Official', k from unnest(?::text[], ?::text[], ?::text[]) as s(n, l, k) "
                        + "returning id")) {
            insert.setArray(1, texts(connection, speakerNames));
            insert.setArray(2, texts(connection, speakerLatin));
            insert.setArray(3, texts(connection, speakerKeys));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    generatedSpeakers.add(rows.getLong(1));
                }
            }
        }

        OffsetDateTime oldest = OffsetDateTime.of(2003, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        int targetNumber = 0;
        for (Article article : TARGET_ARTICLES) {
            if (article.old()) {
                insertTarget(connection, article, oldest.plusDays(97L * targetNumber++));
            }
        }
        long start = System.nanoTime();
        insertGenerated(connection, random, generatedSpeakers);
        System.out.printf("judged corpus: %d generated articles and statements in %d ms%n", GENERATED_ARTICLES,
                (System.nanoTime() - start) / 1_000_000);
        OffsetDateTime newest = OffsetDateTime.of(2026, 6, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        for (Article article : TARGET_ARTICLES) {
            if (!article.old()) {
                insertTarget(connection, article, newest.plusHours(targetNumber++));
            }
        }
        for (Quote quote : TARGET_QUOTES) {
            long id = single(connection, "insert into statement (article_id, paragraph_position, start_offset, end_offset, "
                    + "text, kind, speaker_id) values (?, 1, 0, ?, ?, 'CLAIM', ?) returning id",
                    target(quote.article()).id(), quote.text().length(), quote.text(), target(quote.speaker()).id());
            remember(quote.key(), new Doc(Type.STATEMENT, id));
        }
        try (PreparedStatement seed = connection.prepareStatement("select id from article where slug = ?")) {
            seed.setString(1, SeedArticle.SLUG);
            try (ResultSet rows = seed.executeQuery()) {
                if (rows.next()) {
                    remember("seed", new Doc(Type.ARTICLE, rows.getLong(1)));
                }
            }
        }
        try (PreparedStatement analyze = connection.prepareStatement("analyze article, statement, speaker, search_posting")) {
            analyze.execute();
        }
    }

    private void insertTarget(Connection connection, Article article, OffsetDateTime published) throws SQLException {
        long id = single(connection, "insert into article (slug, language, direction, headline, body, status, "
                + "first_published_at, last_updated_at, source_document) values (?, ?, ?, ?, ?, 'PUBLISHED', ?, ?, ?) "
                + "returning id",
                "judged-" + run + "-" + article.key(), article.language(), article.language().equals("en") ? "LTR" : "RTL",
                article.headline(), article.body(), published, published, sourcePrefix() + article.key());
        remember(article.key(), new Doc(Type.ARTICLE, id));
    }

    /**
     * The generated articles (5 of 8 in Urdu, 1 in Arabic, 2 in English; headlines of 6 to 9 words,
     * bodies of two paragraphs, 30 to 55 words), published one every 17 minutes from 2015, each with
     * a statement of 6 to 10 words said by a generated speaker.
     */
    private void insertGenerated(Connection connection, Random random, List<Long> speakers) throws SQLException {
        long started = System.nanoTime();
        List<String> slugs = new ArrayList<>();
        List<String> languages = new ArrayList<>();
        List<String> headlines = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        List<String> quotes = new ArrayList<>();
        List<Long> quoteSpeakers = new ArrayList<>();
        int urdu = 0;
        for (int i = 0; i < GENERATED_ARTICLES; i++) {
            int language = i % 8 < 5 ? 0 : i % 8 == 5 ? 1 : 2;
            String apart = language == 0 ? (urdu++ % 2 == 0 ? APART_1 : APART_2) : null;
            List<String> common = List.of(URDU_COMMON, ARABIC_COMMON, ENGLISH_COMMON).get(language);
            List<String> syllables = List.of(URDU_SYLLABLES, ARABIC_SYLLABLES, ENGLISH_SYLLABLES).get(language);
            slugs.add("judged-" + run + "-" + i);
            languages.add(List.of("ur", "ar", "en").get(language));
            headlines.add(text(random, 6 + random.nextInt(4), common, syllables, null));
            bodies.add(text(random, 20 + random.nextInt(15), common, syllables, apart) + "\n"
                    + text(random, 10 + random.nextInt(10), common, syllables, null));
            quotes.add(text(random, 6 + random.nextInt(5), common, syllables, apart));
            quoteSpeakers.add(speakers.get(random.nextInt(speakers.size())));
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into article (slug, language, direction, headline, body, status, first_published_at,
                                     last_updated_at, source_document)
                select s, l, case when l = 'en' then 'LTR' else 'RTL' end, h, b, 'PUBLISHED',
                       timestamptz '2015-01-01Z' + n * interval '17 minutes', timestamptz '2015-01-01Z' + n * interval '17 minutes',
                       ? || s
                from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as g(s, l, h, b, n)
                order by n""")) {
            insert.setString(1, sourcePrefix());
            insert.setArray(2, texts(connection, slugs));
            insert.setArray(3, texts(connection, languages));
            insert.setArray(4, texts(connection, headlines));
            insert.setArray(5, texts(connection, bodies));
            insert.executeUpdate();
        }
        System.out.printf("judged corpus: texts made and articles inserted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into statement (article_id, paragraph_position, start_offset, end_offset, text, kind, speaker_id)
                select a.id, 1, 0, char_length(q.t), q.t, 'CLAIM', q.p
                from unnest(?::text[], ?::text[], ?::bigint[]) as q(s, t, p)
                join article a on a.slug = q.s""")) {
            insert.setArray(1, texts(connection, slugs));
            insert.setArray(2, texts(connection, quotes));
            insert.setArray(3, connection.createArrayOf("bigint", quoteSpeakers.toArray()));
            insert.executeUpdate();
        }
        // made-up words of ranks 3 to 120 occur in tens to hundreds of rows
        for (int rank : new int[] {3, 10, 30, 120}) {
            middleWords.add(word(URDU_SYLLABLES, rank));
            middleWords.add(word(ENGLISH_SYLLABLES, rank));
        }
    }

    /**
     * Words: a third from the language's frequent words (the first ones far more often), the rest
     * made up of three syllables, skewed so a few are common and most are rare (27,000 of them).
     */
    private static String text(Random random, int words, List<String> common, List<String> syllables, String apart) {
        List<String> text = new ArrayList<>();
        for (int j = 0; j < words; j++) {
            if (random.nextDouble() < 0.35) {
                double u = random.nextDouble();
                text.add(common.get((int) Math.floor(common.size() * u * u)));
            } else {
                double u = random.nextDouble();
                text.add(word(syllables, (int) Math.floor(27000 * u * u * u)));
            }
        }
        if (apart != null) {
            text.add(random.nextInt(text.size() + 1), apart);
        }
        return String.join(" ", text);
    }

    /** Made-up word of a rank: its three syllables are the rank's digits in base 30. */
    private static String word(List<String> syllables, int rank) {
        return syllables.get(rank % 30) + syllables.get(rank / 30 % 30) + syllables.get(rank / 900 % 30);
    }

    private static String madeUp(Random random, List<String> syllables) {
        return word(syllables, random.nextInt(27000));
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private void remember(String key, Doc doc) {
        targets.put(key, doc);
        keys.put(doc, key);
    }

    /** Deletes every row of the corpus, then the vocabulary words no remaining row uses. */
    void remove(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("set local statement_timeout = '180s'")) {
                timeout.execute();
            }
            String like = sourcePrefix() + "%";
            List<String> words = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select distinct w from (
                        select unnest(tsvector_to_array(a.search_vector)) w from article a where a.source_document like ?
                        union all select unnest(tsvector_to_array(s.search_vector)) from statement s
                            join article a on a.id = s.article_id where a.source_document like ?
                        union all select unnest(tsvector_to_array(sp.search_vector)) from speaker sp where sp.source_key like ?) x""")) {
                select.setString(1, like);
                select.setString(2, like);
                select.setString(3, like);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        words.add(rows.getString(1));
                    }
                }
            }
            for (String sql : List.of(
                    "delete from statement where article_id in (select id from article where source_document like ?)",
                    "delete from article where source_document like ?",
                    "delete from speaker where source_key like ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, like);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("""
                    delete from search_word w where w.word = any(?)
                    and not exists (select 1 from search_posting p where p.kind in (1, 2, 3) and p.word = w.word)""")) {
                delete.setArray(1, texts(connection, words));
                delete.executeUpdate();
            }
            connection.commit();
        }
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static long single(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
