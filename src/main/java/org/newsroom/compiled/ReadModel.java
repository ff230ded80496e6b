package org.newsroom.compiled;

import static org.newsroom.visibility.PublicArticles.PUBLIC;
import static org.newsroom.visibility.PublicArticles.publicCondition;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleStatus;
import org.newsroom.article.Paragraph;
import org.newsroom.country.Country;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.graphql.SortKey;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.syndication.FeedQueries;
import org.newsroom.syndication.NinjsAccess;
import org.newsroom.syndication.NinjsDocument;
import org.newsroom.syndication.NinjsRenderer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.normalized.ExecutableNormalizedField;

/**
 * What the compiled path can read, type by type: each field as an SQL expression over the row of
 * its object ({@code {row}} in the templates), each related object or list as a lookup, and each
 * connection as a {@link Listing}. The conditions and orders are the interpreter's (ArticleQueries,
 * StatementQueries, SpeakerQueries); the values print as its scalars do (V23 functions).
 * Anything not described here is left to the interpreter.
 */
final class ReadModel {

    /** One field of an object type, written by the compiler for the object's row alias. */
    @FunctionalInterface
    interface FieldRead {
        void write(OperationCompiler compiler, graphql.normalized.ExecutableNormalizedField field, String row);
    }

    /**
     * Writes a computed field's value from its SQL inputs, in the order {@link Computed#inputs} lists
     * them; {@code headerLanguage} is the language of the request's Accept-Language header (a plan is
     * shared by requests, the header is each request's own).
     */
    @FunctionalInterface
    interface Step {
        void write(JsonGenerator out, List<Object> inputs, Locale headerLanguage) throws IOException;
    }

    /**
     * A field whose value Java computes (CLDR names, paragraphs): {@code inputs} are SQL expressions
     * over the object's row ({@code {row}}) that the statement returns at the field's place, and
     * {@code step} makes, from the field's arguments and selection, the step that turns them into
     * the value once the statement has answered ({@link ComputedFields}); it throws NotCompilable
     * for what it does not handle. The function is the interpreter's own, so both give the same.
     */
    record Computed(List<String> inputs, Function<ExecutableNormalizedField, Step> step, List<Object> parameters)
            implements ComputedRead {

        Computed(List<String> inputs, Function<ExecutableNormalizedField, Step> step) {
            this(inputs, step, List.of());
        }

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            compiler.computed(this, field, row);
        }
    }

    /** A field computed in Java: it writes its own (marked) key, see {@link OperationCompiler#computed}. */
    interface ComputedRead extends FieldRead {
    }

    /**
     * A field that editors read otherwise than readers (where the interpreter asks
     * {@code Caller.isEditor()}): the read for each {@link Viewer}.
     */
    record ByViewer(FieldRead reader, FieldRead editor) implements FieldRead {

        FieldRead of(Viewer viewer) {
            return viewer == Viewer.EDITOR ? editor : reader;
        }

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            of(compiler.viewer()).write(compiler, field, row);
        }
    }

    /** An object type: its GraphQL name and the fields the compiled path reads. */
    record ObjectType(String name, Map<String, FieldRead> fields) {
    }

    /**
     * A connection: its nodes' type and table ({@code rowAlias} is the node's row in {@code from}),
     * which rows belong to the parent ({@code {parent}}), and the keyset order whose name and keys
     * make the cursors (the same as org.newsroom.graphql.KeysetQuery's).
     */
    record Listing(String ordering, String nodeType, String from, String rowAlias, List<String> conditions,
            List<SortKey> keys, boolean descending) {

        /** The connection's GraphQL type. */
        String connectionType() {
            return nodeType.equals(FEED_ENTRY) ? "SyndicationFeedConnection" : nodeType + "Connection";
        }

        /** The type of the connection's edges. */
        String edgeType() {
            return nodeType.equals(FEED_ENTRY) ? "SyndicationFeedEdge" : nodeType + "Edge";
        }

        /** The node's columns a page carries: all but the search columns, which no field reads and which are wide. */
        String columns() {
            String columns = switch (nodeType) {
                case FEED_ENTRY -> "{row}.id, {row}.seq, {row}.kind, {row}.article_id, {row}.version, {row}.reason, "
                        + "{row}.occurred_at";
                case "Article" -> ARTICLE_COLUMNS;
                case "Statement" -> STATEMENT_COLUMNS;
                case "Speaker" -> SPEAKER_COLUMNS;
                case "Country" -> "{row}.alpha2, {row}.alpha3, {row}.numeric_code";
                case "ArticleRevision" -> "{row}.id, {row}.article_id, {row}.statement_id, {row}.kind, {row}.version, "
                        + "{row}.changed_by, {row}.changed_at, {row}.changed_fields, {row}.previous, {row}.public, "
                        + "{row}.correction_note";
                default -> throw new NotCompilable("a list of " + nodeType);
            };
            return columns.replace("{row}", rowAlias);
        }
    }

    private static final String ARTICLE_COLUMNS = "{row}.id, {row}.slug, {row}.language, {row}.direction, "
            + "{row}.headline, {row}.body, {row}.status, {row}.first_published_at, {row}.last_updated_at, "
            + "{row}.attribution_source, {row}.editorial_fields, {row}.version, {row}.withdrawal_reason, "
            + "{row}.embargo_until, {row}.syndication_allowed, {row}.usage_terms, {row}.copyright_holder";

    private static final String STATEMENT_COLUMNS = "{row}.id, {row}.article_id, {row}.speaker_id, "
            + "{row}.paragraph_position, {row}.start_offset, {row}.end_offset, {row}.text, {row}.kind, "
            + "{row}.reported_via, {row}.version";

    private static final String SPEAKER_COLUMNS = "{row}.id, {row}.kind, {row}.name, {row}.name_language, "
            + "{row}.latin_name, {row}.role, {row}.affiliation, {row}.country_code, {row}.wikidata_qid, {row}.version";

    private static final String STATEMENTS = "statement s join article a on a.id = s.article_id";

    static final Listing ARTICLE_STATEMENTS = new Listing("articleStatements", "Statement", STATEMENTS, "s",
            List.of(PUBLIC, "s.article_id = {parent}.id"),
            List.of(SortKey.of("s.paragraph_position", SortKey.Type.INT),
                    SortKey.of("s.start_offset", SortKey.Type.INT), SortKey.of("s.id", SortKey.Type.LONG)),
            false);

    /** Editors get the statements of every article (StatementQueries.inArticles). */
    static final Listing ARTICLE_STATEMENTS_OF_EDITORS = new Listing("articleStatements", "Statement", STATEMENTS, "s",
            List.of("s.article_id = {parent}.id"), ARTICLE_STATEMENTS.keys(), false);

    static final Listing SPEAKER_STATEMENTS = new Listing("speakerStatements:publishedAt", "Statement", STATEMENTS,
            "s", List.of(PUBLIC, "s.speaker_id = {parent}.id"),
            List.of(SortKey.of("a.first_published_at", SortKey.Type.TIMESTAMP), SortKey.of("s.id", SortKey.Type.LONG)),
            true);

    static final Listing COUNTRY_STATEMENTS = new Listing("countryStatements:publishedAt", "Statement",
            STATEMENTS + " join statement_country sc on sc.statement_id = s.id", "s",
            List.of(PUBLIC, "sc.country_code = {parent}.alpha2"),
            List.of(SortKey.of("sc.first_published_at", SortKey.Type.TIMESTAMP),
                    SortKey.of("sc.statement_id", SortKey.Type.LONG)),
            true);

    /** Country.articles: its published articles, newest first (ArticleQueries.articlesOfCountries). */
    static final Listing COUNTRY_ARTICLES = new Listing("countryArticles:a.first_published_at", "Article",
            "article a join article_country ac on ac.article_id = a.id", "a",
            List.of(PUBLIC, "ac.country_code = {parent}.alpha2"),
            List.of(SortKey.of("a.first_published_at", SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)),
            true);

    /** Country.speakers: by Latin name in code point order (SpeakerQueries.speakersOfCountries). */
    static final Listing COUNTRY_SPEAKERS = new Listing(SpeakerQueries.BY_LATIN_NAME_ORDERING, "Speaker", "speaker s", "s",
            List.of("s.country_code = {parent}.alpha2"),
            SpeakerQueries.BY_LATIN_NAME, false);

    private static final String FEED_ENTRY = "SyndicationFeedEntry";

    /** Query.syndicationFeed: the calling partner's entries in commit order (FeedQueries.after). */
    static final Listing SYNDICATION_FEED = new Listing(FeedQueries.ORDERING, FEED_ENTRY, "syndication_feed_entry e",
            "e", List.of(FeedQueries.OF_PARTNER), FeedQueries.POSITION, false);

    /**
     * Query.articles without a filter: articles in one status (only editors ask another than
     * PUBLISHED), by one of the two timestamps; editors see those under embargo too
     * (ArticleQueries.articles). The status is an enum's name, a literal for the partial indexes.
     */
    static Listing articles(String column, boolean descending, ArticleStatus status, Viewer viewer) {
        return new Listing("articles:" + column, "Article", "article a", "a", inStatus(status, viewer),
                List.of(SortKey.of(column, SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)), descending);
    }

    /**
     * Query.articles(filter: {query}): the articles that match the query ({@code :query}), as
     * SearchSql.rows finds them for the interpreter; by relevance (search_score), or, with an
     * orderBy, by the column asked (ArticleQueries.searched).
     */
    static Listing searchedArticles(String column, boolean descending, boolean byRelevance, ArticleStatus status,
            Viewer viewer) {
        String from = SearchSql.rows(SearchSql.Kind.ARTICLE) + " a";
        if (byRelevance) {
            return new Listing("articles:relevance", "Article", from, "a", inStatus(status, viewer),
                    List.of(SortKey.of("a.search_score", SortKey.Type.DOUBLE), SortKey.of("a.id", SortKey.Type.LONG)),
                    true);
        }
        return new Listing("searchedArticles:" + column, "Article", from, "a", inStatus(status, viewer),
                List.of(SortKey.of(column, SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)), descending);
    }

    private static List<String> inStatus(ArticleStatus status, Viewer viewer) {
        if (viewer != Viewer.EDITOR && status != ArticleStatus.PUBLISHED) {
            throw new NotCompilable("articles in status " + status);
        }
        return List.of(viewer == Viewer.EDITOR ? "a.status = '" + status.name() + "'" : PUBLIC);
    }

    // Readers get a withdrawn article (by its ID) without its text (Article.withoutBody); editors get it whole.
    private static final String ARTICLE_BODY = "case when {row}.status = 'WITHDRAWN' then null else {row}.body end";
    private static final String EDITORS_ARTICLE_BODY = "{row}.body";

    /** Article.revisions: readers get the changes made while it was public, editors all (ArticleHistory.revisions). */
    static final Listing ARTICLE_REVISIONS = new Listing("articleRevisions", "ArticleRevision", "article_revision r",
            "r", List.of("r.public", "r.article_id = {parent}.id"), List.of(SortKey.of("r.id", SortKey.Type.LONG)),
            false);

    static final Listing ARTICLE_REVISIONS_OF_EDITORS = new Listing("articleRevisions", "ArticleRevision",
            "article_revision r", "r", List.of("r.article_id = {parent}.id"), ARTICLE_REVISIONS.keys(), false);

    /** A revision as readers see it, and as Article.corrections shows it to everyone (ArticleHistory.map). */
    static final ObjectType ARTICLE_REVISION = new ObjectType("ArticleRevision", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('ArticleRevision', {row}.id::text)")),
            Map.entry("kind", scalar("{row}.kind")),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("statementId", scalar("graphql_global_id('Statement', {row}.statement_id::text)")),
            // readers get neither who made a change nor the row before it (ArticleHistory.map)
            Map.entry("changedBy", scalar("null::text")),
            Map.entry("previous", scalar("null::text")),
            Map.entry("changedAt", scalar("graphql_date_time({row}.changed_at)")),
            Map.entry("changedFields", scalar("coalesce(to_json(string_to_array(nullif("
                    + "array_to_string({row}.changed_fields, ','), ''), ',')), '[]'::json)")),
            Map.entry("correctionNote", scalar("{row}.correction_note"))));

    /** A revision in Article.revisions: editors also get who made it and the row before (ArticleHistory.map). */
    private static final ObjectType ARTICLE_REVISION_BY_VIEWER = new ObjectType("ArticleRevision", withFields(
            ARTICLE_REVISION.fields(),
            Map.entry("changedBy", new ByViewer(scalar("null::text"), scalar("{row}.changed_by"))),
            Map.entry("previous", new ByViewer(scalar("null::text"), scalar("{row}.previous::text")))));

    /**
     * Article.rights: the article's own columns, the same for every viewer (ArticleRights); the
     * newsroom's holder where the article names none, as a parameter (RightsConfig).
     */
    static final ObjectType ARTICLE_RIGHTS = new ObjectType("ArticleRights", Map.of(
            "syndicationAllowed", scalar("{row}.syndication_allowed"),
            "usageTerms", scalar("{row}.usage_terms"),
            "copyrightHolder", (compiler, field, row) -> compiler.scalar(field,
                    "coalesce(" + row + ".copyright_holder, ?::text)", List.of(compiler.defaultCopyrightHolder()))));

    static final ObjectType ARTICLE = new ObjectType("Article", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Article', {row}.id::text)")),
            Map.entry("slug", scalar("{row}.slug")),
            Map.entry("language", scalar("{row}.language")),
            Map.entry("direction", scalar("{row}.direction")),
            Map.entry("headline", scalar("{row}.headline")),
            Map.entry("body", new ByViewer(scalar(ARTICLE_BODY), scalar(EDITORS_ARTICLE_BODY))),
            Map.entry("withdrawalReason", scalar("{row}.withdrawal_reason")),
            Map.entry("status", scalar("{row}.status")),
            Map.entry("firstPublishedAt", scalar("graphql_date_time({row}.first_published_at)")),
            Map.entry("lastUpdatedAt", scalar("graphql_date_time({row}.last_updated_at)")),
            Map.entry("embargoUntil", scalar("graphql_date_time({row}.embargo_until)")),
            Map.entry("attributionSource", scalar("{row}.attribution_source")),
            Map.entry("editorialAdditions", scalar("to_json({row}.editorial_fields)")),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("countries", countries("article_country", "article_id")),
            Map.entry("paragraphs", new ByViewer(new Computed(List.of(ARTICLE_BODY), ReadModel::paragraphs),
                    new Computed(List.of(EDITORS_ARTICLE_BODY), ReadModel::paragraphs))),
            Map.entry("corrections", corrections()),
            Map.entry("revisions", new ByViewer(connection(ARTICLE_REVISIONS), connection(ARTICLE_REVISIONS_OF_EDITORS))),
            Map.entry("ninjs", (ComputedRead) ReadModel::ninjs),
            Map.entry("rights", ReadModel::rights),
            Map.entry("statements", new ByViewer(connection(ARTICLE_STATEMENTS),
                    connection(ARTICLE_STATEMENTS_OF_EDITORS)))));

    static final ObjectType STATEMENT = new ObjectType("Statement", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Statement', {row}.id::text)")),
            Map.entry("paragraph", scalar("{row}.paragraph_position")),
            Map.entry("start", scalar("{row}.start_offset")),
            Map.entry("end", scalar("{row}.end_offset")),
            Map.entry("text", scalar("{row}.text")),
            Map.entry("kind", scalar("{row}.kind")),
            Map.entry("reportedVia", scalar("{row}.reported_via")),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("speaker", object("Speaker", "speaker {it}", "{it}.id = {row}.speaker_id")),
            // editors get the article whatever its status (StatementApi.article)
            Map.entry("article", new ByViewer(object("Article", "article {it}",
                    "{it}.id = {row}.article_id and " + publicCondition("{it}")),
                    object("Article", "article {it}", "{it}.id = {row}.article_id"))),
            Map.entry("countries", countries("statement_country", "statement_id"))));

    static final ObjectType SPEAKER = new ObjectType("Speaker", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Speaker', {row}.id::text)")),
            Map.entry("kind", scalar("{row}.kind")),
            Map.entry("originalName", scalar("{row}.name")),
            Map.entry("nameLanguage", scalar("{row}.name_language")),
            Map.entry("latinName", scalar("{row}.latin_name")),
            Map.entry("role", scalar("{row}.role")),
            Map.entry("affiliation", scalar("{row}.affiliation")),
            Map.entry("wikidataQid", scalar("{row}.wikidata_qid")),
            Map.entry("name", new Computed(List.of("{row}.name_language", "{row}.name", "{row}.latin_name"),
                    field -> {
                        Locale lang = language(field);
                        return (out, in, headerLanguage) -> out.writeString(Speaker.nameFor(
                                lang != null ? lang : headerLanguage, (String) in.get(0), (String) in.get(1),
                                (String) in.get(2)));
                    })),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("country", object("Country", "country {it}", "{it}.alpha2 = {row}.country_code")),
            Map.entry("statements", connection(SPEAKER_STATEMENTS))));

    static final ObjectType COUNTRY = new ObjectType("Country", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Country', {row}.alpha2)")),
            Map.entry("name", new Computed(List.of("{row}.alpha2"), field -> {
                Locale lang = language(field);
                return (out, in, headerLanguage) -> out.writeString(
                        Country.displayName((String) in.get(0), lang != null ? lang : headerLanguage));
            })),
            Map.entry("code", scalar("{row}.alpha2")),
            Map.entry("alpha3", scalar("{row}.alpha3")),
            Map.entry("numericCode", scalar("{row}.numeric_code")),
            Map.entry("articles", connection(COUNTRY_ARTICLES)),
            Map.entry("speakers", connection(COUNTRY_SPEAKERS)),
            Map.entry("statements", connection(COUNTRY_STATEMENTS))));

    /** SyndicationFeedEntry (FeedEntry, SyndicationFeedApi.article): a page's row of the feed. */
    static final ObjectType SYNDICATION_FEED_ENTRY = new ObjectType(FEED_ENTRY, Map.ofEntries(
            Map.entry("cursor", (compiler, field, row) -> compiler.scalar(field,
                    OperationCompiler.cursor(SYNDICATION_FEED, row))),
            Map.entry("kind", scalar("{row}.kind")),
            Map.entry("articleId", scalar("graphql_global_id('Article', {row}.article_id::text)")),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("reason", scalar("{row}.reason")),
            Map.entry("occurredAt", scalar("graphql_date_time({row}.occurred_at)")),
            // the article as it is now, public, for entries that are no tombstone
            Map.entry("article", object("Article", "article {it}", "{it}.id = {row}.article_id and {row}.kind in "
                    + FeedQueries.WITH_ARTICLE + " and " + publicCondition("{it}")))));

    private static final Map<String, ObjectType> TYPES = Map.of(ARTICLE.name(), ARTICLE, STATEMENT.name(), STATEMENT,
            SPEAKER.name(), SPEAKER, COUNTRY.name(), COUNTRY, ARTICLE_REVISION_BY_VIEWER.name(), ARTICLE_REVISION_BY_VIEWER,
            SYNDICATION_FEED_ENTRY.name(), SYNDICATION_FEED_ENTRY);

    private ReadModel() {
    }

    @SafeVarargs
    private static Map<String, FieldRead> withFields(Map<String, FieldRead> fields,
            Map.Entry<String, FieldRead>... replaced) {
        Map<String, FieldRead> all = new java.util.HashMap<>(fields);
        for (Map.Entry<String, FieldRead> entry : replaced) {
            all.put(entry.getKey(), entry.getValue());
        }
        return Map.copyOf(all);
    }

    static ObjectType type(String name) {
        ObjectType type = TYPES.get(name);
        if (type == null) {
            throw new NotCompilable("type " + name);
        }
        return type;
    }

    private static FieldRead scalar(String template) {
        return (compiler, field, row) -> compiler.scalar(field, template.replace("{row}", row));
    }

    private static FieldRead object(String type, String from, String condition) {
        return (compiler, field, row) -> compiler.object(type(type), field, from, condition.replace("{row}", row),
                List.of());
    }

    /** The countries of an article or statement, by alpha-2 code (ArticleQueries/StatementQueries.countryCodes). */
    private static FieldRead countries(String table, String parentColumn) {
        // a primary-key lookup per link (offset 0 keeps it one), not a hash of all 249 countries per parent
        return (compiler, field, row) -> compiler.objects(COUNTRY, field,
                table + " link cross join lateral (select * from country c where c.alpha2 = link.country_code offset 0) {it}",
                "link." + parentColumn + " = " + row.concat(".id"), "{it}.alpha2");
    }

    /** Article.corrections: its CORRECTED revisions, oldest first (ArticleHistory.corrections). */
    private static FieldRead corrections() {
        return (compiler, field, row) -> compiler.objects(ARTICLE_REVISION, field, "article_revision {it}",
                "{it}.kind = 'CORRECTED' and {it}.article_id = " + row + ".id", "{it}.id");
    }

    /**
     * The reader's language of a localised name: its {@code lang} argument; null without one (absent
     * or null), when the name follows the request's Accept-Language (RequestLanguage). A tag the
     * interpreter refuses it reports: left to the interpreter.
     */
    private static Locale language(ExecutableNormalizedField field) {
        Map<String, Object> arguments = field.getResolvedArguments();
        if (field.hasChildren() || !arguments.keySet().stream().allMatch("lang"::equals)) {
            throw new NotCompilable(field.getName() + " with other arguments");
        }
        if (!(arguments.get("lang") instanceof String tag)) {
            if (arguments.get("lang") != null) {
                throw new NotCompilable("lang");
            }
            return null;
        }
        try {
            return Languages.parse(tag);
        } catch (RuntimeException refused) {
            throw new NotCompilable("lang");
        }
    }

    /** Article.paragraphs: the body's non-blank lines (Article.paragraphs), with the selected fields. */
    private static Step paragraphs(ExecutableNormalizedField field) {
        if (!field.getResolvedArguments().isEmpty()) {
            throw new NotCompilable("paragraphs with arguments");
        }
        List<ExecutableNormalizedField> selected = new ArrayList<>();
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!List.of("position", "text", "__typename").contains(child.getName())
                    || !child.getResolvedArguments().isEmpty()) {
                throw new NotCompilable("Paragraph." + child.getName());
            }
            selected.add(child);
        }
        return (out, in, headerLanguage) -> {
            String body = (String) in.get(0);
            out.writeStartArray();
            for (Paragraph paragraph : body == null ? List.<Paragraph>of() : Article.paragraphs(body)) {
                out.writeStartObject();
                for (ExecutableNormalizedField child : selected) {
                    out.writeFieldName(child.getResultKey());
                    switch (child.getName()) {
                        case "position" -> out.writeNumber(paragraph.position());
                        case "text" -> out.writeString(paragraph.text());
                        default -> out.writeString("Paragraph");
                    }
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        };
    }

    /** The article's columns a ninjs document is rendered from, by ArticleQueries.COLUMNS' names. */
    private static final List<String> NINJS_COLUMNS = List.of("id", "slug", "language", "direction", "headline",
            "body", "status", "first_published_at", "last_updated_at", "attribution_source", "editorial_fields",
            "version", "withdrawal_reason", "syndication_allowed", "usage_terms", "copyright_holder", "embargo_until");

    private static final List<String> TIMESTAMPS = List.of("first_published_at", "last_updated_at", "embargo_until");

    /**
     * Article.ninjs: whether the viewer may have the document (NinjsAccess, a partner's
     * entitlements with its id as the parameter), the article's columns as the viewer sees them
     * (no body of a withdrawn article but for editors), its quoted speakers and its countries, all
     * read by the plan; NinjsRenderer renders them on the plan's rows.
     */
    private static void ninjs(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
        if (!field.getResolvedArguments().isEmpty() || field.hasChildren()) {
            throw new NotCompilable("ninjs with arguments");
        }
        if (row.equals("a")) {
            throw new NotCompilable("ninjs of a row aliased a"); // the access rules read the article as a
        }
        Viewer viewer = compiler.viewer();
        List<String> inputs = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        String rule = switch (viewer) {
            case EDITOR -> "true";
            case READER -> NinjsAccess.READABLE_BY_READERS;
            case PARTNER -> NinjsAccess.READABLE_BY_PARTNER;
        };
        if (viewer == Viewer.PARTNER) {
            parameters.add(SqlWriter.PARTNER_ID);
        }
        inputs.add(viewer == Viewer.EDITOR ? "true"
                : "exists (select 1 from article a where a.id = {row}.id and " + rule + ")");
        for (String column : NINJS_COLUMNS) {
            inputs.add(switch (column) {
                case "body" -> viewer == Viewer.EDITOR ? EDITORS_ARTICLE_BODY : ARTICLE_BODY;
                case "editorial_fields" -> "array_to_string({row}.editorial_fields, ',')";
                case "first_published_at", "last_updated_at", "embargo_until" ->
                    "(extract(epoch from {row}." + column + ") * 1000000)::bigint";
                default -> "{row}." + column;
            });
        }
        inputs.add("(select json_agg(json_build_array(" + NinjsRenderer.QUOTED_SPEAKER_COLUMNS + ") order by "
                + NinjsRenderer.QUOTED_SPEAKER_ORDER + ")::text from "
                + NinjsRenderer.quotedSpeakers("s.article_id = {row}.id") + ")");
        inputs.add("(select json_agg(ac.country_code order by ac.country_code)::text from article_country ac "
                + "where ac.article_id = {row}.id)");
        NinjsRenderer renderer = compiler.ninjsRenderer();
        new Computed(inputs, ignored -> (out, in, headerLanguage) -> {
            if (!Boolean.TRUE.equals(in.get(0))) {
                out.writeNull();
                return;
            }
            Map<String, Object> columns = new HashMap<>();
            for (int i = 0; i < NINJS_COLUMNS.size(); i++) {
                Object value = in.get(i + 1);
                String column = NINJS_COLUMNS.get(i);
                columns.put(column, value != null && TIMESTAMPS.contains(column)
                        ? Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS) : value);
            }
            int next = NINJS_COLUMNS.size() + 1;
            NinjsDocument document = renderer.render(columns, jsonRows((String) in.get(next)),
                    jsonList((String) in.get(next + 1)), Instant.now());
            out.writeRawValue(document.toJson());
        }, parameters).write(compiler, field, row);
    }

    private static final ObjectMapper JSON_TEXT = new ObjectMapper();

    /** A JSON array of arrays of scalars that the statement wrote as text; empty for null. */
    private static List<List<Object>> jsonRows(String json) throws IOException {
        return json == null ? List.of() : JSON_TEXT.readValue(json, new TypeReference<List<List<Object>>>() {
        });
    }

    private static List<String> jsonList(String json) throws IOException {
        return json == null ? List.of() : JSON_TEXT.readValue(json, new TypeReference<List<String>>() {
        });
    }

    /** Article.rights: an object over the article's own row, never null. */
    private static void rights(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
        if (!field.getResolvedArguments().isEmpty()) {
            throw new NotCompilable("rights with arguments");
        }
        compiler.objectFields(ARTICLE_RIGHTS, field.getChildren(), row);
    }

    private static FieldRead connection(Listing listing) {
        return (compiler, field, row) -> compiler.connection(listing, field, row);
    }
}
