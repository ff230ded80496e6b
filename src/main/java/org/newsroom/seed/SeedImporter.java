package org.newsroom.seed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.newsroom.article.Article;
import org.newsroom.article.ArticleCountryEntity;
import org.newsroom.article.ArticleEntity;
import org.newsroom.article.ArticleStatus;
import org.newsroom.article.Paragraph;
import org.newsroom.article.TextDirection;
import org.newsroom.language.Languages;
import org.newsroom.seed.SeedDocument.SeedSpeaker;
import org.newsroom.seed.SeedDocument.SeedStatement;
import org.newsroom.speaker.SpeakerEntity;
import org.newsroom.speaker.SpeakerKind;
import org.newsroom.statement.StatementCountryEntity;
import org.newsroom.statement.StatementEntity;
import org.newsroom.statement.StatementKind;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Imports the seed articles on start, once per database: a transaction-scoped advisory lock makes
 * concurrent instances wait for each other, and the article's source document is unique, so a
 * restart or a second instance imports nothing twice.
 */
@ApplicationScoped
public class SeedImporter {

    static final List<String> SEEDS = List.of("000_f256c9ad06e818dc");
    private static final long IMPORT_LOCK = 0x6e657773L; // "news"
    private static final Logger LOG = Logger.getLogger(SeedImporter.class);

    @Inject
    EntityManager em;

    /** Off in the Kubernetes pods: the migration Job imports the seed (org.newsroom.db.SetupStep). */
    @ConfigProperty(name = "newsroom.seed.import-at-start", defaultValue = "true")
    boolean importAtStart;

    void onStart(@Observes StartupEvent event) {
        if (!importAtStart) {
            return;
        }
        for (String seed : SEEDS) {
            QuarkusTransaction.requiringNew().run(() -> importSeed(seed));
        }
    }

    private void importSeed(String name) {
        em.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", IMPORT_LOCK).getSingleResult();
        SeedDocument seed = read(name);
        String sourceDocument = "seed/" + seed.document();
        if (ArticleEntity.count("sourceDocument", sourceDocument) > 0) {
            return;
        }
        String body = text(name, seed.sha256());
        Map<String, SpeakerEntity> speakers = speakers(seed.speakers());
        ArticleEntity article = article(seed, sourceDocument, body);
        for (String country : seed.countries()) {
            ArticleCountryEntity.of(article.id, country).persist();
        }
        List<Paragraph> paragraphs = Article.paragraphs(body);
        for (SeedStatement quoted : seed.statements()) {
            statement(article, paragraphs, quoted, speakers.get(quoted.speaker()));
        }
        LOG.infof("Imported seed article %s with %d statements", seed.slug(), seed.statements().size());
    }

    private Map<String, SpeakerEntity> speakers(List<SeedSpeaker> seedSpeakers) {
        Map<String, SpeakerEntity> speakers = new HashMap<>();
        for (SeedSpeaker seedSpeaker : seedSpeakers) {
            String sourceKey = "seed:" + seedSpeaker.key();
            SpeakerEntity speaker = SpeakerEntity.<SpeakerEntity>find("sourceKey", sourceKey).firstResult();
            if (speaker == null) {
                speaker = new SpeakerEntity();
                speaker.sourceKey = sourceKey;
                speaker.kind = SpeakerKind.valueOf(seedSpeaker.kind());
                speaker.name = seedSpeaker.name();
                speaker.nameLanguage = seedSpeaker.nameLanguage();
                speaker.latinName = seedSpeaker.latinName();
                speaker.role = seedSpeaker.role();
                speaker.affiliation = seedSpeaker.affiliation();
                speaker.countryCode = seedSpeaker.country();
                speaker.wikidataQid = seedSpeaker.wikidataQid();
                speaker.persist();
            }
            speakers.put(seedSpeaker.key(), speaker);
        }
        return speakers;
    }

    private ArticleEntity article(SeedDocument seed, String sourceDocument, String body) {
        Instant published = Instant.parse(seed.firstPublishedAt());
        ArticleEntity article = new ArticleEntity();
        article.slug = seed.slug();
        article.language = seed.language();
        article.direction = Languages.rightToLeft(Locale.forLanguageTag(seed.language()))
                ? TextDirection.RTL
                : TextDirection.LTR;
        article.headline = seed.headline();
        article.body = body;
        article.status = ArticleStatus.PUBLISHED;
        article.firstPublishedAt = published;
        article.lastUpdatedAt = published;
        article.attributionSource = seed.attributionSource();
        article.editorialFields = seed.editorialFields().toArray(String[]::new);
        article.sourceDocument = sourceDocument;
        article.persist();
        return article;
    }

    private void statement(ArticleEntity article, List<Paragraph> paragraphs, SeedStatement quoted,
            SpeakerEntity speaker) {
        if (speaker == null || quoted.paragraph() < 1 || quoted.paragraph() > paragraphs.size()) {
            throw new IllegalStateException("Seed statement in paragraph " + quoted.paragraph()
                    + " names an unknown speaker or paragraph");
        }
        String paragraph = paragraphs.get(quoted.paragraph() - 1).text();
        int start = paragraph.indexOf(quoted.quote());
        if (start < 0) {
            throw new IllegalStateException("Seed statement not found in paragraph " + quoted.paragraph());
        }
        StatementEntity statement = new StatementEntity();
        statement.articleId = article.id;
        statement.paragraphPosition = quoted.paragraph();
        statement.startOffset = start;
        statement.endOffset = start + quoted.quote().length();
        statement.text = quoted.quote();
        statement.kind = StatementKind.valueOf(quoted.kind());
        statement.speakerId = speaker.id;
        statement.reportedVia = quoted.reportedVia();
        statement.persist();
        for (String country : quoted.countries()) {
            StatementCountryEntity.of(statement.id, country).persist();
        }
    }

    private static SeedDocument read(String name) {
        try (InputStream in = resource(name + ".json"); Jsonb jsonb = JsonbBuilder.create()) {
            return jsonb.fromJson(in, SeedDocument.class);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read seed descriptor " + name, e);
        }
    }

    private static String text(String name, String expectedSha256) {
        try (InputStream in = resource(name + ".txt")) {
            byte[] bytes = in.readAllBytes();
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!actual.equals(expectedSha256)) {
                throw new IllegalStateException("Seed " + name + " has sha256 " + actual + ", expected " + expectedSha256);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = SeedImporter.class.getClassLoader().getResourceAsStream("seed/" + file);
        if (in == null) {
            throw new IllegalStateException("Seed resource seed/" + file + " is missing");
        }
        return in;
    }
}
