package org.newsroom.syndication;

import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.RouteErrors;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /syndication/atom: the calling partner's newest feed entries as an Atom 1.0 feed, for
 * partners without GraphQL. Each article appears once, as of its newest change among the last
 * {@code newsroom.syndication.atom-entries} (default 50); articles gone from the partner's view
 * are RFC 6721 tombstones ({@code at:deleted-entry}). Needs the partner's API key. Read by the read
 * engine (org.newsroom.compiled.CompiledAtomRoute); written here.
 */
public final class AtomFeed {

    public static final String PATH = "/syndication/atom";

    static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";
    private static final String XML = "http://www.w3.org/XML/1998/namespace";

    /** How many of the feed's newest entries the document is made of. */
    public static final String ENTRIES = "newsroom.syndication.atom-entries";

    private AtomFeed() {
    }

    /** The answer to anyone but a partner: 401 with the scheme to authenticate with, or 403. */
    public static void refuse(RoutingContext context, ApiException notAPartner) {
        if (notAPartner.code() == ErrorCode.UNAUTHENTICATED) {
            context.response().putHeader("WWW-Authenticate", ApiKeyAuthentication.SCHEME);
        }
        RouteErrors.send(context, notAPartner);
    }

    /** The answer with the partner's feed document. */
    public static void respond(RoutingContext context, String document) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache").end(document);
    }

    /** What an entry that is no tombstone shows of its article, as the article is now. */
    public record ShownArticle(String language, String headline, Instant firstPublishedAt, String body) {
    }

    /** Of the feed's newest entries (newest first), each article's newest: those the document shows. */
    public static Collection<FeedEntry> newestPerArticle(List<FeedEntry> newestFirst) {
        Map<Long, FeedEntry> newestPerArticle = new LinkedHashMap<>();
        for (FeedEntry entry : newestFirst) {
            newestPerArticle.putIfAbsent(entry.articleKey(), entry);
        }
        return newestPerArticle.values();
    }

    /**
     * The feed document of a partner: its entries, newest first and one for each article, and the
     * articles of those that are no tombstone, where the partner may still see them (by article key);
     * an entry whose article is missing is left out.
     */
    public static String document(long partnerId, Collection<FeedEntry> newestPerArticle,
            Map<Long, ShownArticle> current) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            xml.writeNamespace("at", TOMBSTONES);
            element(xml, "id", "urn:newsroom:syndication:partner:" + partnerId);
            element(xml, "title", "Newsroom syndication feed");
            Instant updated = newestPerArticle.stream().map(FeedEntry::getOccurredAt).max(Instant::compareTo)
                    .orElse(Instant.EPOCH);
            element(xml, "updated", timestamp(updated));
            xml.writeStartElement("author");
            element(xml, "name", "Newsroom");
            xml.writeEndElement();
            for (FeedEntry entry : newestPerArticle) {
                ShownArticle article = current.get(entry.articleKey());
                if (entry.getKind().tombstone()) {
                    tombstone(xml, entry);
                } else if (article != null) {
                    entry(xml, entry, article);
                }
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write the Atom feed", e);
        }
    }

    private static void entry(XMLStreamWriter xml, FeedEntry entry, ShownArticle article) throws XMLStreamException {
        xml.writeStartElement("entry");
        xml.writeAttribute("xml", XML, "lang", article.language());
        element(xml, "id", entryId(entry));
        element(xml, "title", article.headline());
        element(xml, "updated", timestamp(entry.getOccurredAt()));
        if (article.firstPublishedAt() != null) {
            element(xml, "published", timestamp(article.firstPublishedAt()));
        }
        xml.writeEmptyElement("category");
        xml.writeAttribute("term", entry.getKind().name());
        xml.writeAttribute("scheme", "urn:newsroom:syndication:kind");
        xml.writeStartElement("content");
        xml.writeAttribute("type", "text");
        xml.writeCharacters(xmlSafe(article.body() == null ? "" : article.body()));
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void tombstone(XMLStreamWriter xml, FeedEntry entry) throws XMLStreamException {
        xml.writeStartElement("at", "deleted-entry", TOMBSTONES);
        xml.writeAttribute("ref", entryId(entry));
        xml.writeAttribute("when", timestamp(entry.getOccurredAt()));
        if (entry.language() != null) {
            xml.writeAttribute("xml", XML, "lang", entry.language());
        }
        if (entry.getReason() != null) {
            xml.writeStartElement("at", "comment", TOMBSTONES);
            xml.writeCharacters(xmlSafe(entry.getReason()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static String entryId(FeedEntry entry) {
        return "urn:newsroom:article:" + entry.getArticleId();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlSafe(text));
        xml.writeEndElement();
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** XML 1.0 cannot carry most control characters, even escaped: they are left out. */
    static String xmlSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(safe::appendCodePoint);
        return safe.toString();
    }
}
