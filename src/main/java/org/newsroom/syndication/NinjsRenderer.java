package org.newsroom.syndication;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.newsroom.article.Article;
import org.newsroom.article.ArticleQueries;
import org.newsroom.article.ArticleStatus;
import org.newsroom.article.TextDirection;
import org.newsroom.graphql.GlobalId;
import org.newsroom.speaker.Speaker;

/**
 * Renders articles as IPTC ninjs 2.2 documents. Whatever the number of articles, it reads the
 * database twice: the speakers quoted in them and their countries, each for all articles at once.
 * The documents show what the caller may see of each article (no body once withdrawn, for
 * readers); who may have a document at all is {@link NinjsAccess}'s decision.
 */
@ApplicationScoped
public class NinjsRenderer {

    @Inject
    ArticleQueries articles;

    @Inject
    NinjsConfig config;

    /** A quoted speaker's columns, in the order {@link #quotedSpeaker} reads them. */
    public static final String QUOTED_SPEAKER_COLUMNS = "sp.id, sp.kind, sp.name, sp.name_language, sp.latin_name, "
            + "sp.affiliation, sp.wikidata_qid";

    /** The order of an article's quoted speakers: by their first quote, then by id. */
    public static final String QUOTED_SPEAKER_ORDER = "q.first_quote, sp.id";

    /**
     * The speakers quoted in the articles whose statements {@code condition} selects (statements
     * aliased {@code s}), one row each per article ({@code q.article_id}), speakers aliased {@code sp}.
     */
    public static String quotedSpeakers(String condition) {
        return "(select s.article_id, s.speaker_id, min(array[s.paragraph_position, s.start_offset]) as first_quote "
                + "from statement s where " + condition + " group by s.article_id, s.speaker_id) q "
                + "join speaker sp on sp.id = q.speaker_id";
    }

    /**
     * The document of one article read by another plan (the compiled read path): its columns as
     * ArticleQueries.COLUMNS names them, its quoted speakers as rows of {@link #QUOTED_SPEAKER_COLUMNS}
     * in {@link #QUOTED_SPEAKER_ORDER}, its countries' codes in alphabetical order.
     */
    public NinjsDocument render(Map<String, Object> articleColumns, List<List<Object>> quotedSpeakers,
            List<String> countryCodes, Instant now) {
        return render(articles.fromColumns(articleColumns),
                quotedSpeakers.stream().map(NinjsRenderer::quotedSpeaker).toList(), countryCodes, now);
    }

    private static QuotedSpeaker quotedSpeaker(List<Object> columns) {
        return new QuotedSpeaker(((Number) columns.get(0)).longValue(), "PERSON".equals(columns.get(1)),
                (String) columns.get(2), (String) columns.get(3), (String) columns.get(4), (String) columns.get(5),
                (String) columns.get(6));
    }

    private NinjsDocument render(Article article, List<QuotedSpeaker> speakers, List<String> countryCodes,
            Instant now) {
        JsonObjectBuilder doc = Json.createObjectBuilder()
                .add("uri", config.uriPrefix() + article.getId())
                .add("standard", Json.createObjectBuilder().add("name", "ninjs").add("version", "2.2")
                        .add("schema", NinjsDocument.SCHEMA))
                .add("type", "text")
                .add("representationtype", article.bodyText() == null ? "partial" : "full")
                .add("version", Long.toString(article.getVersion()));
        Instant published = article.firstPublishedAt();
        doc.add("firstcreated", (published != null ? published : article.lastUpdatedAt()).toString())
                .add("versioncreated", article.lastUpdatedAt().toString());
        if (published != null) {
            doc.add("contentcreated", published.toString());
        }
        if (article.getEmbargoUntil() != null) {
            doc.add("embargoed", article.getEmbargoUntil().toString());
        }
        doc.add("pubstatus", pubstatus(article, now));

        String holder = article.getRights().getCopyrightHolder();
        int year = (published != null ? published : article.lastUpdatedAt()).atZone(ZoneOffset.UTC).getYear();
        doc.add("copyrightholder", holder).add("copyrightnotice", "© " + year + " " + holder);
        if (article.getRights().getUsageTerms() != null) {
            doc.add("usageterms", article.getRights().getUsageTerms());
        }
        doc.add("language", article.getLanguage())
                .add("altids", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "slug").add("value", article.getSlug())))
                .add("headlines", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("role", "main").add("contenttype", "text/plain").add("value", article.getHeadline())));
        if (article.bodyText() != null) {
            doc.add("bodies", bodies(article));
        }
        if (article.getWithdrawalReason() != null) {
            doc.add("descriptions", Json.createArrayBuilder().add(Json.createObjectBuilder()
                    .add("role", "withdrawal").add("contenttype", "text/plain")
                    .add("value", article.getWithdrawalReason())));
        }
        addSpeakers(doc, article, speakers);
        if (!countryCodes.isEmpty()) {
            Locale language = Locale.forLanguageTag(article.getLanguage());
            JsonArrayBuilder places = Json.createArrayBuilder();
            for (String code : countryCodes) {
                places.add(Json.createObjectBuilder().add("name", new Locale("", code).getDisplayCountry(language))
                        .add("rel", "about").add("literal", code));
            }
            doc.add("places", places);
        }
        if (article.getAttributionSource() != null) {
            doc.add("infosources", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("name", article.getAttributionSource())));
        }
        return new NinjsDocument(doc.build());
    }

    /**
     * usable when readers see it; withheld while a draft or under embargo (partners must not use
     * it yet); canceled once withdrawn.
     */
    static String pubstatus(Article article, Instant now) {
        if (article.status() == ArticleStatus.WITHDRAWN) {
            return "canceled";
        }
        return article.status() == ArticleStatus.PUBLISHED && !article.embargoedAt(now) ? "usable" : "withheld";
    }

    /** The text byte for byte, and as HTML paragraphs marked with the language and direction. */
    private static JsonArrayBuilder bodies(Article article) {
        String text = article.bodyText();
        String direction = article.getDirection() == TextDirection.RTL ? "rtl" : "ltr";
        StringBuilder html = new StringBuilder("<div lang=\"").append(escape(article.getLanguage()))
                .append("\" dir=\"").append(direction).append("\">");
        article.getParagraphs().forEach(paragraph -> html.append("<p>").append(escape(paragraph.text())).append("</p>"));
        html.append("</div>");
        int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        return Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "main").add("contenttype", "text/plain")
                        .add("charcount", text.codePointCount(0, text.length())).add("wordcount", words)
                        .add("value", text))
                .add(Json.createObjectBuilder().add("role", "main").add("contenttype", "text/html")
                        .add("value", html.toString()));
    }

    /** People and organisations quoted in the article, and the organisations those people speak for. */
    private static void addSpeakers(JsonObjectBuilder doc, Article article, List<QuotedSpeaker> speakers) {
        JsonArrayBuilder people = Json.createArrayBuilder();
        JsonArrayBuilder organisations = Json.createArrayBuilder();
        Set<String> organisationNames = new LinkedHashSet<>();
        boolean anyPerson = false;
        for (QuotedSpeaker speaker : speakers) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("name", speaker.nameFor(article.getLanguage()))
                    .add("rel", "quoted");
            if (speaker.wikidataQid() != null) {
                entry.add("uri", "http://www.wikidata.org/entity/" + speaker.wikidataQid());
            }
            entry.add("literal", GlobalId.of(Speaker.TYPE, speaker.id()));
            if (speaker.person()) {
                people.add(entry);
                anyPerson = true;
            } else if (organisationNames.add(speaker.nameFor(article.getLanguage()))) {
                organisations.add(entry);
            }
        }
        for (QuotedSpeaker speaker : speakers) {
            if (speaker.person() && speaker.affiliation() != null && organisationNames.add(speaker.affiliation())) {
                organisations.add(Json.createObjectBuilder().add("name", speaker.affiliation())
                        .add("rel", "affiliation"));
            }
        }
        if (anyPerson) {
            doc.add("people", people);
        }
        if (!organisationNames.isEmpty()) {
            doc.add("organisations", organisations);
        }
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    record QuotedSpeaker(long id, boolean person, String name, String nameLanguage, String latinName,
            String affiliation, String wikidataQid) {

        /** The name as written in the article's language when it is, else in Latin script. */
        String nameFor(String articleLanguage) {
            String base = articleLanguage.split("-")[0];
            return nameLanguage.equals(articleLanguage) || nameLanguage.split("-")[0].equals(base) ? name : latinName;
        }
    }
}
