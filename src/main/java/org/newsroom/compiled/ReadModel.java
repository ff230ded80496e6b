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
import org.newsroom.db.Sql;
import org.newsroom.fulltext.SearchSql;
import org.newsroom.graphql.Cursor;
import org.newsroom.graphql.SortKey;
import org.newsroom.language.Languages;
import org.newsroom.speaker.Speaker;
import org.newsroom.speaker.SpeakerQueries;
import org.newsroom.statement.StatementQueries;
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
 * its object (a function of the row's alias), each related object or list as a lookup, and each
 * connection as a {@link Listing}. The conditions and orders are the interpreter's (ArticleQueries,
 * StatementQueries, SpeakerQueries); the values print as its scalars do (V23 functions).
 * Anything not described here cannot be read.
 */
final class ReadModel {

    /** SQL over a row, written for the row's alias (one the compiler generated). */
    @FunctionalInterface
    interface OfRow {
        Sql of(String row);
    }

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
     * over the object's row that the statement returns at the field's place, and
     * {@code step} makes, from the field's arguments and selection, the step that turns them into
     * the value once the statement has answered ({@link ComputedFields}); it throws NotCompilable
     * for what it does not handle. The function is the interpreter's own, so both give the same.
     */
    record Computed(List<OfRow> inputs, Function<ExecutableNormalizedField, Step> step) implements ComputedRead {

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            compiler.computed(this, field, row);
        }
    }

    /** A field computed in Java: it writes its own (marked) key, see {@link OperationCompiler#computed}. */
    interface ComputedRead extends FieldRead {
    }

    /**
     * A field that editors read otherwise than readers: the read for each {@link Viewer}.
     */
    record ByViewer(FieldRead reader, FieldRead editor) implements FieldRead {

        FieldRead of(Viewer viewer) {
            return viewer.editor() ? editor : reader;
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
     * which rows belong to the parent (each condition a function of the parent's row alias, null at
     * the root), and the keyset order whose name and keys make the cursors ({@link Cursor}).
     */
    record Listing(String ordering, String nodeType, Sql from, String rowAlias, List<OfRow> conditions,
            List<SortKey> keys, boolean descending) {

        Listing(String ordering, String nodeType, String from, String rowAlias, List<OfRow> conditions,
                List<SortKey> keys, boolean descending) {
            this(ordering, nodeType, Sql.text(from), rowAlias, conditions, keys, descending);
        }

        /**
         * The sort key values of a cursor of this listing;
         * BAD_USER_INPUT when it is malformed, of another list, or holds a value the order cannot take.
         */
        List<Object> cursorValues(String argument, String cursor) {
            return Cursor.values(argument, cursor, ordering, keys);
        }

        /** The same listing, also holding to {@code more} conditions. */
        Listing where(List<OfRow> more) {
            List<OfRow> all = new ArrayList<>(conditions);
            all.addAll(more);
            return new Listing(ordering, nodeType, from, rowAlias, List.copyOf(all), keys, descending);
        }

        /** Its conditions for the rows of this parent (null at the root), and-ed; {@code true} without one. */
        Sql condition(String parent) {
            if (conditions.isEmpty()) {
                return Sql.text("true");
            }
            List<Sql> each = new ArrayList<>(conditions.size());
            for (OfRow condition : conditions) {
                each.add(condition.of(parent));
            }
            return Sql.join(each, " and ");
        }

        /**
         * The alias of the article its rows joined, when that row is what Statement.article gives
         * every viewer: a statement listing of public articles only joins {@code article a} on
         * {@code a.id = s.article_id} (readers get the public article, editors any); null otherwise.
         */
        String joinedArticle() {
            return nodeType.equals("Statement") && conditions.contains(PUBLIC_ROWS) ? "a" : null;
        }

        /** The connection's GraphQL type. */
        String connectionType() {
            return nodeType.equals(FEED_ENTRY) ? "SyndicationFeedConnection" : nodeType + "Connection";
        }

        /** The type of the connection's edges. */
        String edgeType() {
            return nodeType.equals(FEED_ENTRY) ? "SyndicationFeedEdge" : nodeType + "Edge";
        }

        /** The node's columns a page carries: all but the search columns, which no field reads and which are wide. */
        Sql columns() {
            List<String> names = switch (nodeType) {
                case FEED_ENTRY -> List.of("id", "seq", "kind", "article_id", "version", "reason", "occurred_at");
                case "Article" -> ARTICLE_COLUMNS;
                case "Statement" -> STATEMENT_COLUMNS;
                case "Speaker" -> SPEAKER_COLUMNS;
                case "Country" -> List.of("alpha2", "alpha3", "numeric_code");
                case "ArticleRevision" -> List.of("id", "article_id", "statement_id", "kind", "version", "changed_by",
                        "changed_at", "changed_fields", "previous", "public", "correction_note");
                case PARTNER_TYPE -> List.of("id", "name", "created_at", "languages", "countries", "version");
                default -> throw new NotCompilable("a list of " + nodeType);
            };
            List<Sql> columns = new ArrayList<>(names.size());
            for (String name : names) {
                columns.add(column(rowAlias, name));
            }
            return Sql.join(columns, ", ");
        }
    }

    private static final List<String> ARTICLE_COLUMNS = List.of("id", "slug", "language", "direction", "headline",
            "body", "status", "first_published_at", "last_updated_at", "attribution_source", "editorial_fields",
            "version", "withdrawal_reason", "embargo_until", "syndication_allowed", "usage_terms", "copyright_holder");

    private static final List<String> STATEMENT_COLUMNS = List.of("id", "article_id", "speaker_id",
            "paragraph_position", "start_offset", "end_offset", "text", "kind", "reported_via", "version");

    private static final List<String> SPEAKER_COLUMNS = List.of("id", "kind", "name", "name_language", "latin_name",
            "role", "affiliation", "country_code", "wikidata_qid", "version");

    /** {@code row.name}: a column of the row aliased {@code row}. */
    static Sql column(String row, String name) {
        return Sql.identifier(row).then(Sql.text(".")).then(Sql.identifier(name));
    }

    /** The listing's rows that belong to the parent: {@code <column> = <parent>.<parentColumn>}. */
    private static OfRow ofParent(String column, String parentColumn) {
        return parent -> Sql.text(column + " = ").then(column(parent, parentColumn));
    }

    private static final OfRow PUBLIC_ROWS = parent -> Sql.text(PUBLIC);

    private static final String STATEMENTS = "statement s join article a on a.id = s.article_id";

    static final Listing ARTICLE_STATEMENTS = new Listing("articleStatements", "Statement", STATEMENTS, "s",
            List.of(PUBLIC_ROWS, ofParent("s.article_id", "id")),
            List.of(SortKey.of("s.paragraph_position", SortKey.Type.INT),
                    SortKey.of("s.start_offset", SortKey.Type.INT), SortKey.of("s.id", SortKey.Type.LONG)),
            false);

    /** Editors get the statements of every article (StatementQueries.inArticles). */
    static final Listing ARTICLE_STATEMENTS_OF_EDITORS = new Listing("articleStatements", "Statement", STATEMENTS, "s",
            List.of(ofParent("s.article_id", "id")), ARTICLE_STATEMENTS.keys(), false);

    static final Listing SPEAKER_STATEMENTS = new Listing(StatementQueries.SPEAKER_NEWEST_ORDERING, "Statement",
            STATEMENTS, "s", List.of(PUBLIC_ROWS, ofParent("s.speaker_id", "id")), StatementQueries.SPEAKER_NEWEST, true);

    static final Listing COUNTRY_STATEMENTS = new Listing("countryStatements:publishedAt", "Statement",
            STATEMENTS + " join statement_country sc on sc.statement_id = s.id", "s",
            List.of(PUBLIC_ROWS, ofParent("sc.country_code", "alpha2")),
            List.of(SortKey.of("sc.first_published_at", SortKey.Type.TIMESTAMP),
                    SortKey.of("sc.statement_id", SortKey.Type.LONG)),
            true);

    /** Country.articles: its published articles, newest first (ArticleQueries.articlesOfCountries). */
    static final Listing COUNTRY_ARTICLES = new Listing("countryArticles:a.first_published_at", "Article",
            "article a join article_country ac on ac.article_id = a.id", "a",
            List.of(PUBLIC_ROWS, ofParent("ac.country_code", "alpha2")),
            List.of(SortKey.of("a.first_published_at", SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)),
            true);

    /** Country.speakers: by Latin name in code point order (SpeakerQueries.speakersOfCountries). */
    static final Listing COUNTRY_SPEAKERS = new Listing(SpeakerQueries.BY_LATIN_NAME_ORDERING, "Speaker", "speaker s", "s",
            List.of(ofParent("s.country_code", "alpha2")),
            SpeakerQueries.BY_LATIN_NAME, false);

    private static final String FEED_ENTRY = "SyndicationFeedEntry";

    /** Query.syndicationFeed: the calling partner's entries in commit order (FeedQueries.after). */
    static final Listing SYNDICATION_FEED = new Listing(FeedQueries.ORDERING, FEED_ENTRY, "syndication_feed_entry e",
            "e", List.of(root -> FeedQueries.ofPartner(Viewer.CALLING_PARTNER)),
            FeedQueries.POSITION, false);

    /** The calling partner's entries newest first, as the Atom feed reads them (FeedQueries.newest). */
    static final Listing NEWEST_SYNDICATION_FEED = new Listing(SYNDICATION_FEED.ordering(), FEED_ENTRY,
            SYNDICATION_FEED.from(), SYNDICATION_FEED.rowAlias(), SYNDICATION_FEED.conditions(), SYNDICATION_FEED.keys(),
            true);

    /**
     * An entry's article as it is now, for entries that are no tombstone and while it is public: the
     * condition on the article {@code it} of the entry {@code row} (SyndicationFeedEntry.article).
     */
    static Sql feedEntryArticle(String it, String row) {
        return column(it, "id").then(" = ").then(column(row, "article_id")).then(" and ").then(column(row, "kind"))
                .then(" in " + FeedQueries.WITH_ARTICLE + " and " + publicCondition(it));
    }

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
     * Query.articles(filter: {query}): the articles that match the query (a parameter), as
     * SearchSql.rows finds them; by relevance (search_score), or, with an
     * orderBy, by the column asked (ArticleQueries.searched).
     */
    static Listing searchedArticles(String query, String column, boolean descending, boolean byRelevance,
            ArticleStatus status, Viewer viewer) {
        Sql from = SearchSql.rows(SearchSql.Kind.ARTICLE, query).then(" a");
        if (byRelevance) {
            return new Listing("articles:relevance", "Article", from, "a", inStatus(status, viewer),
                    List.of(SortKey.of("a.search_score", SortKey.Type.DOUBLE), SortKey.of("a.id", SortKey.Type.LONG)),
                    true);
        }
        return new Listing("searchedArticles:" + column, "Article", from, "a", inStatus(status, viewer),
                List.of(SortKey.of(column, SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)), descending);
    }

    /**
     * Query.speakers(filter: {query}): the speakers that match the query (a parameter), as
     * SearchSql.rows finds them, every one visible to every viewer; by relevance
     * (search_score), or, with an orderBy, by Latin name (SpeakerQueries.speakers).
     */
    static Listing searchedSpeakers(String query, boolean byRelevance, boolean descending, List<OfRow> conditions) {
        Sql from = SearchSql.rows(SearchSql.Kind.SPEAKER, query).then(" s");
        if (byRelevance) {
            return new Listing(SpeakerQueries.BY_RELEVANCE_ORDERING, "Speaker", from, "s", conditions,
                    SpeakerQueries.BY_RELEVANCE, true);
        }
        return new Listing(SpeakerQueries.BY_LATIN_NAME_ORDERING, "Speaker", from, "s", conditions,
                SpeakerQueries.BY_LATIN_NAME, descending);
    }

    private static List<OfRow> inStatus(ArticleStatus status, Viewer viewer) {
        if (!viewer.editor() && status != ArticleStatus.PUBLISHED) {
            throw new NotCompilable("articles in status " + status);
        }
        if (!viewer.editor()) {
            return List.of(PUBLIC_ROWS);
        }
        Sql inStatus = Sql.text("a.status = '" + status.name() + "'");
        return List.of(parent -> inStatus);
    }

    // Readers get a withdrawn article (by its ID) without its text (Article.withoutBody); editors get it whole.
    private static final OfRow ARTICLE_BODY = row -> Sql.text("case when ").then(column(row, "status"))
            .then(" = 'WITHDRAWN' then null else ").then(column(row, "body")).then(" end");
    private static final OfRow EDITORS_ARTICLE_BODY = row -> column(row, "body");

    /** Article.revisions: readers get the changes made while it was public, editors all (ArticleHistory.revisions). */
    static final Listing ARTICLE_REVISIONS = new Listing("articleRevisions", "ArticleRevision", "article_revision r",
            "r", List.of(parent -> Sql.text("r.public"), ofParent("r.article_id", "id")),
            List.of(SortKey.of("r.id", SortKey.Type.LONG)),
            false);

    static final Listing ARTICLE_REVISIONS_OF_EDITORS = new Listing("articleRevisions", "ArticleRevision",
            "article_revision r", "r", List.of(ofParent("r.article_id", "id")), ARTICLE_REVISIONS.keys(), false);

    /** A revision as readers see it, and as Article.corrections shows it to everyone (ArticleHistory.map). */
    static final ObjectType ARTICLE_REVISION = new ObjectType("ArticleRevision", Map.ofEntries(
            Map.entry("id", globalId("ArticleRevision", "id")),
            Map.entry("kind", column("kind")),
            Map.entry("version", column("version")),
            Map.entry("statementId", globalId("Statement", "statement_id")),
            // readers get neither who made a change nor the row before it (ArticleHistory.map)
            Map.entry("changedBy", constant("null::text")),
            Map.entry("previous", constant("null::text")),
            Map.entry("changedAt", dateTime("changed_at")),
            Map.entry("changedFields", scalar(row -> Sql.text("coalesce(to_json(string_to_array(nullif("
                    + "array_to_string(").then(column(row, "changed_fields")).then(", ','), ''), ',')), '[]'::json)"))),
            Map.entry("correctionNote", column("correction_note"))));

    /** A revision in Article.revisions: editors also get who made it and the row before (ArticleHistory.map). */
    private static final ObjectType ARTICLE_REVISION_BY_VIEWER = new ObjectType("ArticleRevision", withFields(
            ARTICLE_REVISION.fields(),
            Map.entry("changedBy", new ByViewer(constant("null::text"), column("changed_by"))),
            Map.entry("previous", new ByViewer(constant("null::text"),
                    scalar(row -> column(row, "previous").then("::text"))))));

    /**
     * Article.rights: the article's own columns, the same for every viewer (ArticleRights); the
     * newsroom's holder where the article names none, as a parameter (RightsConfig).
     */
    static final ObjectType ARTICLE_RIGHTS = new ObjectType("ArticleRights", Map.of(
            "syndicationAllowed", column("syndication_allowed"),
            "usageTerms", column("usage_terms"),
            "copyrightHolder", (compiler, field, row) -> compiler.scalar(field, Sql.text("coalesce(")
                    .then(column(row, "copyright_holder")).then(", ").then(Sql.value(compiler.defaultCopyrightHolder()))
                    .then("::text)"))));

    static final ObjectType ARTICLE = new ObjectType("Article", Map.ofEntries(
            Map.entry("id", globalId("Article", "id")),
            Map.entry("slug", column("slug")),
            Map.entry("language", column("language")),
            Map.entry("direction", column("direction")),
            Map.entry("headline", column("headline")),
            Map.entry("body", new ByViewer(scalar(ARTICLE_BODY), scalar(EDITORS_ARTICLE_BODY))),
            Map.entry("withdrawalReason", column("withdrawal_reason")),
            Map.entry("status", column("status")),
            Map.entry("firstPublishedAt", dateTime("first_published_at")),
            Map.entry("lastUpdatedAt", dateTime("last_updated_at")),
            Map.entry("embargoUntil", dateTime("embargo_until")),
            Map.entry("attributionSource", column("attribution_source")),
            Map.entry("editorialAdditions", scalar(row -> Sql.text("to_json(").then(column(row, "editorial_fields"))
                    .then(")"))),
            Map.entry("version", column("version")),
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
            Map.entry("id", globalId("Statement", "id")),
            Map.entry("paragraph", column("paragraph_position")),
            Map.entry("start", column("start_offset")),
            Map.entry("end", column("end_offset")),
            Map.entry("text", column("text")),
            Map.entry("kind", column("kind")),
            Map.entry("reportedVia", column("reported_via")),
            Map.entry("version", column("version")),
            Map.entry("speaker", object("Speaker", "speaker", (it, row) -> column(it, "id").then(" = ")
                    .then(column(row, "speaker_id")))),
            // editors get the article whatever its status (StatementApi.article)
            Map.entry("article", new Joined("Article", new ByViewer(object("Article", "article", (it, row) ->
                    column(it, "id").then(" = ").then(column(row, "article_id")).then(" and " + publicCondition(it))),
                    object("Article", "article", (it, row) -> column(it, "id").then(" = ")
                            .then(column(row, "article_id")))))),
            Map.entry("countries", countries("statement_country", "statement_id"))));

    static final ObjectType SPEAKER = new ObjectType("Speaker", Map.ofEntries(
            Map.entry("id", globalId("Speaker", "id")),
            Map.entry("kind", column("kind")),
            Map.entry("originalName", column("name")),
            Map.entry("nameLanguage", column("name_language")),
            Map.entry("latinName", column("latin_name")),
            Map.entry("role", column("role")),
            Map.entry("affiliation", column("affiliation")),
            Map.entry("wikidataQid", column("wikidata_qid")),
            Map.entry("name", new Computed(List.of(row -> column(row, "name_language"), row -> column(row, "name"),
                    row -> column(row, "latin_name")),
                    field -> {
                        Locale lang = language(field);
                        return (out, in, headerLanguage) -> out.writeString(Speaker.nameFor(
                                lang != null ? lang : headerLanguage, (String) in.get(0), (String) in.get(1),
                                (String) in.get(2)));
                    })),
            Map.entry("version", column("version")),
            Map.entry("country", object("Country", "country", (it, row) -> column(it, "alpha2").then(" = ")
                    .then(column(row, "country_code")))),
            Map.entry("statements", connection(SPEAKER_STATEMENTS))));

    static final ObjectType COUNTRY = new ObjectType("Country", Map.ofEntries(
            Map.entry("id", scalar(row -> Sql.text("graphql_global_id('Country', ").then(column(row, "alpha2"))
                    .then(")"))),
            Map.entry("name", new Computed(List.of(row -> column(row, "alpha2")), field -> {
                Locale lang = language(field);
                return (out, in, headerLanguage) -> out.writeString(
                        Country.displayName((String) in.get(0), lang != null ? lang : headerLanguage));
            })),
            Map.entry("code", column("alpha2")),
            Map.entry("alpha3", column("alpha3")),
            Map.entry("numericCode", column("numeric_code")),
            Map.entry("articles", connection(COUNTRY_ARTICLES)),
            Map.entry("speakers", connection(COUNTRY_SPEAKERS)),
            Map.entry("statements", connection(COUNTRY_STATEMENTS))));

    /** SyndicationFeedEntry (FeedEntry, SyndicationFeedApi.article): a page's row of the feed. */
    static final ObjectType SYNDICATION_FEED_ENTRY = new ObjectType(FEED_ENTRY, Map.ofEntries(
            Map.entry("cursor", (compiler, field, row) -> compiler.scalar(field,
                    OperationCompiler.cursor(SYNDICATION_FEED, row))),
            Map.entry("kind", column("kind")),
            Map.entry("articleId", globalId("Article", "article_id")),
            Map.entry("version", column("version")),
            Map.entry("reason", column("reason")),
            Map.entry("occurredAt", dateTime("occurred_at")),
            // the article as it is now, public, for entries that are no tombstone
            Map.entry("article", object("Article", "article", ReadModel::feedEntryArticle))));

    private static final String PARTNER_TYPE = "Partner";

    /** Query.partners, for admins: oldest first (PartnerQueries.partners). */
    static final Listing PARTNERS = new Listing("partners:id", PARTNER_TYPE, "partner p", "p", List.of(),
            List.of(SortKey.of("p.id", SortKey.Type.LONG)), false);

    /** A partner's key as admins see it, never the key itself (PartnerQueries.mapKey). */
    static final ObjectType API_KEY = new ObjectType("ApiKey", Map.of(
            "id", globalId("ApiKey", "id"),
            "prefix", column("prefix"),
            "createdAt", dateTime("created_at"),
            "lastUsedAt", dateTime("last_used_at"),
            "revokedAt", dateTime("revoked_at")));

    /** A partner newsroom with its entitlements and keys, for admins (Partner, PartnerApi.apiKeys). */
    static final ObjectType PARTNER = new ObjectType(PARTNER_TYPE, Map.of(
            "id", globalId(PARTNER_TYPE, "id"),
            "name", column("name"),
            "createdAt", dateTime("created_at"),
            "languages", textArray("languages"),
            "countries", textArray("countries"),
            "version", column("version"),
            // oldest first, revoked ones included (PartnerQueries.keysOf)
            "apiKeys", (compiler, field, row) -> compiler.objects(API_KEY, field,
                    it -> Sql.text("partner_api_key ").then(Sql.identifier(it)),
                    it -> column(it, "partner_id").then(" = ").then(column(row, "id")), it -> column(it, "id"))));

    private static final Map<String, ObjectType> TYPES = Map.of(ARTICLE.name(), ARTICLE, STATEMENT.name(), STATEMENT,
            SPEAKER.name(), SPEAKER, COUNTRY.name(), COUNTRY, ARTICLE_REVISION_BY_VIEWER.name(), ARTICLE_REVISION_BY_VIEWER,
            SYNDICATION_FEED_ENTRY.name(), SYNDICATION_FEED_ENTRY, PARTNER.name(), PARTNER);

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

    /**
     * The listing of a connection below the root ({@code type.field}), as readers get it (editors'
     * have the same order and cursors); null for any other field.
     */
    static Listing connectionBelowRoot(String type, String field) {
        ObjectType object = TYPES.get(type);
        FieldRead read = object == null ? null : object.fields().get(field);
        if (read instanceof ByViewer byViewer) {
            read = byViewer.reader();
        }
        return read instanceof ConnectionRead connection ? connection.listing() : null;
    }

    static ObjectType type(String name) {
        ObjectType type = TYPES.get(name);
        if (type == null) {
            throw new NotCompilable("type " + name);
        }
        return type;
    }

    private static FieldRead scalar(OfRow expression) {
        return new RowScalar(expression);
    }

    /** A scalar over its row's own columns and nothing else, which a listed row can carry (see {@link Joined}). */
    record RowScalar(OfRow expression) implements FieldRead {

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            compiler.scalar(field, expression.of(row));
        }
    }

    /**
     * An object that a listing's rows may have joined already (a listed statement's public article,
     * {@link Listing#joinedArticle}): read from that row when the listing carries it, else by
     * {@code lookup}.
     */
    record Joined(String typeName, FieldRead lookup) implements FieldRead {

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            if (!compiler.fromListedRow(type(typeName), field, row)) {
                lookup.write(compiler, field, row);
            }
        }
    }

    /** A column of the object's row as it is. */
    private static FieldRead column(String name) {
        return scalar(row -> column(row, name));
    }

    /** An object's global ID from a numeric key column (GlobalId). */
    private static FieldRead globalId(String type, String keyColumn) {
        return scalar(row -> Sql.text("graphql_global_id('" + type + "', ").then(column(row, keyColumn))
                .then("::text)"));
    }

    /** A timestamp column as the DateTime scalar prints it. */
    private static FieldRead dateTime(String name) {
        return scalar(row -> Sql.text("graphql_date_time(").then(column(row, name)).then(")"));
    }

    /** A text[] column as a JSON list of strings, its NULL elements left out (as array_to_string leaves them). */
    private static FieldRead textArray(String name) {
        return scalar(row -> Sql.text("coalesce(to_json(array_remove(").then(column(row, name))
                .then(", null)), '[]'::json)"));
    }

    /** The same value for every row. */
    private static FieldRead constant(String expression) {
        Sql constant = Sql.text(expression);
        return scalar(row -> constant);
    }

    /** Over two row aliases: the object's ({@code it}) and its parent's ({@code row}). */
    @FunctionalInterface
    interface OfRows {
        Sql of(String it, String row);
    }

    /** The one row of {@code table} that {@code condition} finds for the parent row, as an object of {@code type}. */
    private static FieldRead object(String type, String table, OfRows condition) {
        return (compiler, field, row) -> compiler.object(type(type), field, it -> Sql.text(table + " ").then(
                Sql.identifier(it)), it -> condition.of(it, row));
    }

    /** The countries of an article or statement, by alpha-2 code (ArticleQueries/StatementQueries.countryCodes). */
    private static FieldRead countries(String table, String parentColumn) {
        // a primary-key lookup per link (offset 0 keeps it one), not a hash of all 249 countries per parent
        return (compiler, field, row) -> compiler.objects(COUNTRY, field, it -> Sql.text(table
                + " link cross join lateral (select * from country c where c.alpha2 = link.country_code offset 0) ")
                .then(Sql.identifier(it)), it -> Sql.text("link." + parentColumn + " = ").then(column(row, "id")),
                it -> column(it, "alpha2"));
    }

    /** Article.corrections: its CORRECTED revisions, oldest first (ArticleHistory.corrections). */
    private static FieldRead corrections() {
        return (compiler, field, row) -> compiler.objects(ARTICLE_REVISION, field,
                it -> Sql.text("article_revision ").then(Sql.identifier(it)),
                it -> column(it, "kind").then(" = 'CORRECTED' and ").then(column(it, "article_id")).then(" = ")
                        .then(column(row, "id")),
                it -> column(it, "id"));
    }

    /**
     * The reader's language of a localised name: its {@code lang} argument; null without one (absent
     * or null), when the name follows the request's Accept-Language (RequestLanguage). A tag that
     * is no known language is refused as RequestLanguage refuses it ({@link Languages#parse}).
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
        return Languages.parse(tag);
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
        List<OfRow> inputs = new ArrayList<>();
        Sql rule = switch (viewer) {
            case EDITOR, ADMIN -> Sql.text("true");
            case READER, EVENT_READER -> Sql.text(NinjsAccess.READABLE_BY_READERS);
            case PARTNER -> NinjsAccess.readableByPartner(Viewer.CALLING_PARTNER);
        };
        inputs.add(viewer.editor() ? it -> Sql.text("true")
                : it -> Sql.text("exists (select 1 from article a where a.id = ").then(column(it, "id")).then(" and ")
                        .then(rule).then(")"));
        for (String name : NINJS_COLUMNS) {
            inputs.add(switch (name) {
                case "body" -> viewer.editor() ? EDITORS_ARTICLE_BODY : ARTICLE_BODY;
                case "editorial_fields" -> it -> Sql.text("array_to_string(").then(column(it, name)).then(", ',')");
                case "first_published_at", "last_updated_at", "embargo_until" ->
                    it -> Sql.text("(extract(epoch from ").then(column(it, name)).then(") * 1000000)::bigint");
                default -> it -> column(it, name);
            });
        }
        inputs.add(it -> Sql.text("(select json_agg(json_build_array(" + NinjsRenderer.QUOTED_SPEAKER_COLUMNS
                + ") order by " + NinjsRenderer.QUOTED_SPEAKER_ORDER + ")::text from "
                + NinjsRenderer.quotedSpeakers("s.article_id = " + it + ".id") + ")"));
        inputs.add(it -> Sql.text("(select json_agg(ac.country_code order by ac.country_code)::text from "
                + "article_country ac where ac.article_id = ").then(column(it, "id")).then(")"));
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
        }).write(compiler, field, row);
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
        return new ConnectionRead(listing);
    }

    /** A connection below the root: its resolver checks its page and cursors before it reads anything. */
    record ConnectionRead(Listing listing) implements FieldRead {

        @Override
        public void write(OperationCompiler compiler, ExecutableNormalizedField field, String row) {
            compiler.connection(listing, field, row);
        }
    }
}
