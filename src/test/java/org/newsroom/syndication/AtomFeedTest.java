package org.newsroom.syndication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.inject.Inject;

import org.hibernate.SessionFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.compiled.CompiledReadRoute;
import org.newsroom.compiled.CompiledReads;
import org.newsroom.syndication.Syndication.TestPartner;
import org.newsroom.testing.GraphQLClient;
import org.newsroom.testing.HibernateStatements;
import org.newsroom.testing.TestData;
import org.newsroom.testing.Tokens;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** GET /syndication/atom: a partner's newest entries as Atom 1.0, withdrawals as RFC 6721 tombstones. */
@QuarkusTest
class AtomFeedTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";
    private static final String XML = "http://www.w3.org/XML/1998/namespace";

    @Inject
    SessionFactory sessionFactory;

    @Inject
    CompiledReads reads;

    private final String prefix = TestData.prefix();

    @AfterEach
    void removeTestRows() {
        TestData.remove(prefix);
        Syndication.removePartners(prefix);
    }

    @Test
    void thePartnersNewestEntriesWithTombstonesInTheirLanguage() throws Exception {
        TestPartner partner = Syndication.createPartner(prefix + "Atom", List.of("ur", "en"), List.of("PK"));
        Map<String, Object> urdu = Syndication.published(prefix + "پاکستان میں انتخابات & <نتائج>", "ur", List.of("PK"));
        Map<String, Object> english = Syndication.published(prefix + "Withdrawn", "en", List.of("PK"));
        GraphQLClient.editor().execute("article/withdraw-article", Map.of("input", Map.of("id", english.get("id"),
                "version", english.get("version"), "reason", "Sources could not be verified."))).data("withdrawArticle");
        Syndication.published(prefix + "Elsewhere", "en", List.of("DE"));

        Response response = given().header("X-Api-Key", partner.key()).get("/syndication/atom");
        assertEquals(200, response.statusCode());
        assertEquals("application/atom+xml; charset=utf-8", response.contentType().toLowerCase());
        assertTrue(response.header("Cache-Control").contains("private"));

        Document atom = parse(response.asByteArray());
        Element feed = atom.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());

        Element entry = entryAbout(atom, (String) urdu.get("id"));
        assertEquals("ur", entry.getAttributeNS(XML, "lang"), "RTL-safe: the reader knows the entry's language");
        assertEquals(prefix + "پاکستان میں انتخابات & <نتائج>", text(entry, "title"));
        assertEquals("text", ((Element) entry.getElementsByTagNameNS(ATOM, "content").item(0)).getAttribute("type"));

        NodeList tombstones = atom.getElementsByTagNameNS(TOMBSTONES, "deleted-entry");
        Element tombstone = null;
        for (int i = 0; i < tombstones.getLength(); i++) {
            Element candidate = (Element) tombstones.item(i);
            if (candidate.getAttribute("ref").endsWith((String) english.get("id"))) {
                tombstone = candidate;
            }
        }
        assertTrue(tombstone != null, "the withdrawn article is a tombstone");
        assertTrue(!tombstone.getAttribute("when").isEmpty());
        assertEquals("Sources could not be verified.",
                tombstone.getElementsByTagNameNS(TOMBSTONES, "comment").item(0).getTextContent());
        assertNull(entryAboutOrNull(atom, (String) english.get("id")), "no entry for it beside the tombstone");
        assertEquals(0, titles(atom).stream().filter(title -> title.contains("Elsewhere")).count(),
                "outside the partner's countries");
    }

    @Test
    void withoutAPartnersKeyThereIsNoFeed() {
        Response anonymous = given().get("/syndication/atom");
        assertEquals(401, anonymous.statusCode());
        assertEquals("UNAUTHENTICATED", anonymous.jsonPath().getString("errors[0].extensions.code"));
        Response editor = given().header("Authorization", "Bearer " + Tokens.editor()).get("/syndication/atom");
        assertEquals(403, editor.statusCode());
        assertEquals("FORBIDDEN", editor.jsonPath().getString("errors[0].extensions.code"));
    }

    /**
     * The route answers from the read engine, one statement (on the primary, as every read of the
     * feed), for partners with different entitlements and entries about published, corrected,
     * withdrawn and embargoed articles; anyone but a partner is refused: 401 with the scheme to
     * authenticate with, or 403.
     */
    @Test
    void theFeedAnswersInOneStatementForEachPartnerAndRefusesAnyoneElse() throws Exception {
        TestPartner pakistan = Syndication.createPartner(prefix + "Atom PK", List.of("ur", "en"), List.of("PK"));
        TestPartner english = Syndication.createPartner(prefix + "Atom EN", List.of("en"), List.of());
        TestPartner french = Syndication.createPartner(prefix + "Atom FR", List.of("fr"), List.of());
        Syndication.published(prefix + "انتخابات", "ur", List.of("PK"));
        Map<String, Object> corrected = Syndication.published(prefix + "Corrected", "en", List.of("PK"));
        GraphQLClient.editor().execute("article/correct-article", Map.of("input", Map.of("id", corrected.get("id"),
                "version", corrected.get("version"), "body", "The minister said 14 people.",
                "note", "An earlier version misstated the number of people."))).data("correctArticle");
        Map<String, Object> withdrawn = Syndication.published(prefix + "Withdrawn", "en", List.of("PK"));
        GraphQLClient.editor().execute("article/withdraw-article", Map.of("input", Map.of("id", withdrawn.get("id"),
                "version", withdrawn.get("version"), "reason", "Sources could not be verified."))).data("withdrawArticle");
        Map<String, Object> embargoedAgain = Syndication.published(prefix + "Embargoed again", "en", List.of("DE"));
        Syndication.sql("update article set embargo_until = now() + interval '1 hour' where id = ?",
                Syndication.key(embargoedAgain));
        Map<String, Object> embargoed = Syndication.draft(prefix + "Under embargo", "en", List.of("DE"));
        Syndication.sql("update article set embargo_until = now() + interval '1 hour' where id = ?",
                Syndication.key(embargoed));
        Syndication.publish(embargoed);
        Syndication.published(prefix + "Elsewhere", "en", List.of("DE"));

        List<List<String>> partners = List.of(List.of("X-Api-Key", pakistan.key()),
                List.of("X-Api-Key", english.key()), List.of("Authorization", "ApiKey " + french.key()));
        for (List<String> partner : partners) {
            Response compiled = HibernateStatements.noneDuring(sessionFactory, () -> {
                long statements = reads.statementsRun();
                Response answer = atom(partner);
                assertEquals(1, reads.statementsRun() - statements, "one statement: " + partner);
                return answer;
            });
            assertEquals("compiled", compiled.header(CompiledReadRoute.EXECUTION));
            assertEquals(200, compiled.statusCode(), compiled.asString());
            assertEquals("application/atom+xml; charset=utf-8", compiled.header("Content-Type"));
            assertEquals("private, no-cache", compiled.header("Cache-Control"));
            assertEquals(ATOM, parse(compiled.asByteArray()).getDocumentElement().getNamespaceURI());
        }
        String pakistansFeed = atom(partners.get(0)).asString();
        assertTrue(pakistansFeed.contains("term=\"CORRECTED\"") && pakistansFeed.contains("14 people"),
                "the corrected article as it is now");
        assertTrue(pakistansFeed.contains("Sources could not be verified."), "the withdrawn article's tombstone");
        String englishFeed = atom(partners.get(1)).asString();
        assertTrue(englishFeed.contains(prefix + "Elsewhere"));
        assertFalse(englishFeed.contains(prefix + "Embargoed again") || englishFeed.contains(prefix + "Under embargo"),
                "no article under embargo");
        assertEquals(0, parse(atom(partners.get(2)).asByteArray()).getElementsByTagNameNS(ATOM, "entry")
                .getLength(), "nothing in the French partner's languages");

        Response anonymous = atom(List.of());
        assertEquals("compiled", anonymous.header(CompiledReadRoute.EXECUTION));
        assertEquals(401, anonymous.statusCode());
        assertEquals("ApiKey", anonymous.header("WWW-Authenticate"));
        assertEquals("UNAUTHENTICATED", anonymous.jsonPath().getString("errors[0].extensions.code"));
        Response editor = atom(List.of("Authorization", "Bearer " + Tokens.editor()));
        assertEquals("compiled", editor.header(CompiledReadRoute.EXECUTION));
        assertEquals(403, editor.statusCode());
        assertNull(editor.header("WWW-Authenticate"));
        assertEquals("FORBIDDEN", editor.jsonPath().getString("errors[0].extensions.code"));
        assertEquals("application/json; charset=utf-8", editor.header("Content-Type"));
    }

    private static Response atom(List<String> caller) {
        RequestSpecification request = given();
        for (int i = 0; i < caller.size(); i += 2) {
            request.header(caller.get(i), caller.get(i + 1));
        }
        return request.get("/syndication/atom");
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static Element entryAbout(Document atom, String articleId) {
        Element entry = entryAboutOrNull(atom, articleId);
        assertTrue(entry != null, "an entry for " + articleId);
        return entry;
    }

    private static Element entryAboutOrNull(Document atom, String articleId) {
        NodeList entries = atom.getElementsByTagNameNS(ATOM, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            if (text(entry, "id").endsWith(articleId)) {
                return entry;
            }
        }
        return null;
    }

    private static List<String> titles(Document atom) {
        List<String> titles = new ArrayList<>();
        NodeList entries = atom.getElementsByTagNameNS(ATOM, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            titles.add(text((Element) entries.item(i), "title"));
        }
        return titles;
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS(ATOM, name).item(0).getTextContent();
    }
}
