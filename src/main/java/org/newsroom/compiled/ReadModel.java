package org.newsroom.compiled;

import static org.newsroom.visibility.PublicArticles.PUBLIC;
import static org.newsroom.visibility.PublicArticles.publicCondition;

import java.util.List;
import java.util.Map;

import org.newsroom.graphql.SortKey;

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

        /** The node's columns a page carries: all but the search columns, which no field reads and which are wide. */
        String columns() {
            String columns = switch (nodeType) {
                case "Article" -> ARTICLE_COLUMNS;
                case "Statement" -> STATEMENT_COLUMNS;
                default -> throw new NotCompilable("a list of " + nodeType);
            };
            return columns.replace("{row}", rowAlias);
        }
    }

    private static final String ARTICLE_COLUMNS = "{row}.id, {row}.slug, {row}.language, {row}.direction, "
            + "{row}.headline, {row}.body, {row}.status, {row}.first_published_at, {row}.last_updated_at, "
            + "{row}.attribution_source, {row}.editorial_fields, {row}.version, {row}.withdrawal_reason, "
            + "{row}.embargo_until";

    private static final String STATEMENT_COLUMNS = "{row}.id, {row}.article_id, {row}.speaker_id, "
            + "{row}.paragraph_position, {row}.start_offset, {row}.end_offset, {row}.text, {row}.kind, "
            + "{row}.reported_via, {row}.version";

    private static final String STATEMENTS = "statement s join article a on a.id = s.article_id";

    static final Listing ARTICLE_STATEMENTS = new Listing("articleStatements", "Statement", STATEMENTS, "s",
            List.of(PUBLIC, "s.article_id = {parent}.id"),
            List.of(SortKey.of("s.paragraph_position", SortKey.Type.INT),
                    SortKey.of("s.start_offset", SortKey.Type.INT), SortKey.of("s.id", SortKey.Type.LONG)),
            false);

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

    /** Query.articles without a filter: published articles, by one of the two timestamps. */
    static Listing articles(String column, boolean descending) {
        return new Listing("articles:" + column, "Article", "article a", "a", List.of(PUBLIC),
                List.of(SortKey.of(column, SortKey.Type.TIMESTAMP), SortKey.of("a.id", SortKey.Type.LONG)), descending);
    }

    static final ObjectType ARTICLE = new ObjectType("Article", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Article', {row}.id::text)")),
            Map.entry("slug", scalar("{row}.slug")),
            Map.entry("language", scalar("{row}.language")),
            Map.entry("direction", scalar("{row}.direction")),
            Map.entry("headline", scalar("{row}.headline")),
            // Readers get a withdrawn article (by its ID) without its text (Article.withoutBody).
            Map.entry("body", scalar("case when {row}.status = 'WITHDRAWN' then null else {row}.body end")),
            Map.entry("withdrawalReason", scalar("{row}.withdrawal_reason")),
            Map.entry("status", scalar("{row}.status")),
            Map.entry("firstPublishedAt", scalar("graphql_date_time({row}.first_published_at)")),
            Map.entry("lastUpdatedAt", scalar("graphql_date_time({row}.last_updated_at)")),
            Map.entry("embargoUntil", scalar("graphql_date_time({row}.embargo_until)")),
            Map.entry("attributionSource", scalar("{row}.attribution_source")),
            Map.entry("editorialAdditions", scalar("to_json({row}.editorial_fields)")),
            Map.entry("version", scalar("{row}.version")),
            Map.entry("countries", countries("article_country", "article_id")),
            Map.entry("statements", connection(ARTICLE_STATEMENTS))));

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
            Map.entry("article", object("Article", "article {it}",
                    "{it}.id = {row}.article_id and " + publicCondition("{it}"))),
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
            Map.entry("version", scalar("{row}.version")),
            Map.entry("country", object("Country", "country {it}", "{it}.alpha2 = {row}.country_code")),
            Map.entry("statements", connection(SPEAKER_STATEMENTS))));

    /** Country names depend on the reader's language (Accept-Language): left to the interpreter. */
    static final ObjectType COUNTRY = new ObjectType("Country", Map.ofEntries(
            Map.entry("id", scalar("graphql_global_id('Country', {row}.alpha2)")),
            Map.entry("code", scalar("{row}.alpha2")),
            Map.entry("alpha3", scalar("{row}.alpha3")),
            Map.entry("numericCode", scalar("{row}.numeric_code")),
            Map.entry("statements", connection(COUNTRY_STATEMENTS))));

    private static final Map<String, ObjectType> TYPES = Map.of(ARTICLE.name(), ARTICLE, STATEMENT.name(), STATEMENT,
            SPEAKER.name(), SPEAKER, COUNTRY.name(), COUNTRY);

    private ReadModel() {
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

    private static FieldRead connection(Listing listing) {
        return (compiler, field, row) -> compiler.connection(listing, field, row);
    }
}
