package org.newsroom.article;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.newsroom.article.ArticleHistory.Entry;
import org.newsroom.article.ArticleHistory.Kind;
import org.newsroom.article.ArticleInputs.ArticlePayload;
import org.newsroom.article.ArticleInputs.ArticleRightsInput;
import org.newsroom.article.ArticleInputs.ArticleTransitionInput;
import org.newsroom.article.ArticleInputs.CorrectArticleInput;
import org.newsroom.article.ArticleInputs.CreateArticleInput;
import org.newsroom.article.ArticleInputs.UpdateArticleInput;
import org.newsroom.article.ArticleInputs.WithdrawArticleInput;
import org.newsroom.country.CountryCatalog;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.ErrorCode;
import org.newsroom.graphql.ExpectedVersion;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.InputValidation;
import org.newsroom.graphql.InputValidation.Violations;
import org.newsroom.language.Languages;
import org.newsroom.visibility.PublicArticles;

/**
 * The editorial workflow: draft, update, publish, unpublish, withdraw, correct. Each write is one
 * transaction (it changes everything or nothing), made by an editor (ArticleMutations checks the
 * role), names the version it saw (a stale one is a CONFLICT with the current version), keeps the
 * previous version in the history and announces what it did as an {@link ArticleChanged}.
 */
@ApplicationScoped
@Transactional
public class ArticleWrites {

    @Inject
    InputValidation validation;

    @Inject
    ArticleSlugs slugs;

    @Inject
    ArticleHistory history;

    @Inject
    ArticleQueries queries;

    @Inject
    CountryCatalog countries;

    @Inject
    Event<ArticleChanged> changes;

    @Inject
    EntityManager em;

    public ArticlePayload createArticle(String editor, CreateArticleInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        Violations violations = new Violations();
        String language = language(input.language, violations);
        List<String> codes = countries.alpha2Codes(input.countries, violations);
        violations.throwIfAny();

        ArticleEntity article = new ArticleEntity();
        article.language = language;
        article.direction = Languages.rightToLeft(Locale.forLanguageTag(language)) ? TextDirection.RTL
                : TextDirection.LTR;
        article.headline = input.headline.strip();
        article.body = input.body;
        article.attributionSource = blankToNull(input.attributionSource);
        applyRights(article, input.rights);
        article.embargoUntil = input.embargoUntil;
        article.status = ArticleStatus.DRAFT;
        article.lastUpdatedAt = Instant.now();
        article.slug = slugs.unique(article.headline, null);
        article.persist();
        em.flush();
        replaceCountries(article.id, codes);
        history.record(Entry.ofArticle(article.id, Kind.CREATED, article.version, editor));
        return payload(input.clientMutationId, article.id);
    }

    public ArticlePayload updateArticle(String editor, UpdateArticleInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        Violations invalid = validation.violations(input);
        boolean liftEmbargo = Boolean.TRUE.equals(input.liftEmbargo);
        if (liftEmbargo && input.embargoUntil != null) {
            invalid.add("input.liftEmbargo", "cannot be combined with embargoUntil");
        }
        invalid.throwIfAny();
        Violations violations = new Violations();
        List<String> codes = input.countries == null ? null : countries.alpha2Codes(input.countries, violations);
        violations.throwIfAny();
        ArticleEntity article = lockAtVersion(input.id, input.version);
        Instant now = Instant.now();
        boolean wasPublic = isPublic(article, now);
        if (input.embargoUntil != null && wasPublic) {
            new Violations().add("input.embargoUntil", "cannot hold back an article that readers already see "
                    + "(unpublish it first)").throwIfAny();
        }
        String previous = history.snapshotArticle(article.id);

        Set<String> changed = applyContent(article, input.headline, input.body, input.attributionSource);
        if (codes != null && !codes.equals(currentCountries(article.id))) {
            replaceCountries(article.id, codes);
            changed.add("countries");
        }
        changed.addAll(applyRights(article, input.rights));
        if (input.embargoUntil != null || liftEmbargo) {
            changed.addAll(changeEmbargo(article, liftEmbargo ? null : input.embargoUntil, now));
        }
        if (changed.isEmpty()) {
            return payload(input.clientMutationId, article.id);
        }
        touch(article);
        history.record(Entry.ofArticle(article.id, Kind.UPDATED, article.version, editor).changed(changed)
                .previous(previous).visibleToReaders(wasPublic));
        // A published article whose embargo was lifted early becomes public with this write.
        changes.fire(new ArticleChanged(article.id, ArticleChanged.Change.UPDATED, wasPublic, isPublic(article, now)));
        return payload(input.clientMutationId, article.id);
    }

    public ArticlePayload publishArticle(String editor, ArticleTransitionInput input) {
        ArticleEntity article = lockInStatus(input, input.id, input.version, ArticleStatus.DRAFT, "published");
        String previous = history.snapshotArticle(article.id);
        Instant now = Instant.now();
        article.status = ArticleStatus.PUBLISHED;
        if (article.firstPublishedAt == null) {
            // Under embargo, the article first reaches readers when the embargo lifts.
            article.firstPublishedAt = embargoed(article, now) ? article.embargoUntil : now;
        }
        touch(article);
        history.record(Entry.ofArticle(article.id, Kind.PUBLISHED, article.version, editor).changed(List.of("status"))
                .previous(previous).visibleToReaders(true));
        // An embargoed article becomes public when its embargo lifts (EmbargoLift), not now.
        changes.fire(new ArticleChanged(article.id, ArticleChanged.Change.PUBLISHED, false, isPublic(article, now)));
        return payload(input.clientMutationId, article.id);
    }

    public ArticlePayload unpublishArticle(String editor, ArticleTransitionInput input) {
        ArticleEntity article = lockInStatus(input, input.id, input.version, ArticleStatus.PUBLISHED, "unpublished");
        boolean wasPublic = isPublic(article, Instant.now());
        String previous = history.snapshotArticle(article.id);
        article.status = ArticleStatus.DRAFT;
        touch(article);
        history.record(Entry.ofArticle(article.id, Kind.UNPUBLISHED, article.version, editor).changed(List.of("status"))
                .previous(previous));
        changes.fire(new ArticleChanged(article.id, ArticleChanged.Change.UNPUBLISHED, wasPublic, false));
        return payload(input.clientMutationId, article.id);
    }

    public ArticlePayload withdrawArticle(String editor, WithdrawArticleInput input) {
        ArticleEntity article = lockInStatus(input, input.id, input.version, ArticleStatus.PUBLISHED, "withdrawn");
        boolean wasPublic = isPublic(article, Instant.now());
        String previous = history.snapshotArticle(article.id);
        article.status = ArticleStatus.WITHDRAWN;
        article.withdrawalReason = input.reason.strip();
        touch(article);
        history.record(Entry.ofArticle(article.id, Kind.WITHDRAWN, article.version, editor)
                .changed(List.of("status", "withdrawalReason")).previous(previous).visibleToReaders(true));
        changes.fire(new ArticleChanged(article.id, ArticleChanged.Change.WITHDRAWN, wasPublic, false));
        return payload(input.clientMutationId, article.id);
    }

    public ArticlePayload correctArticle(String editor, CorrectArticleInput input) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        ArticleEntity article = lockAtVersion(input.id, input.version);
        if (article.status != ArticleStatus.PUBLISHED) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Only a published article can be corrected; "
                    + "this article is " + article.status + " (use updateArticle).");
        }
        boolean wasPublic = isPublic(article, Instant.now());
        String previous = history.snapshotArticle(article.id);
        Set<String> changed = applyContent(article, input.headline, input.body, input.attributionSource);
        touch(article);
        history.record(Entry.ofArticle(article.id, Kind.CORRECTED, article.version, editor).changed(changed)
                .previous(previous).visibleToReaders(true).correctionNote(input.note.strip()));
        changes.fire(new ArticleChanged(article.id, ArticleChanged.Change.CORRECTED, wasPublic, wasPublic));
        return payload(input.clientMutationId, article.id);
    }

    /**
     * The article at the version the client saw, locked until the transaction ends so that of two
     * concurrent writers of one version exactly one wins; the other gets CONFLICT.
     */
    /** Checks the input, then locks the article at the client's version in the status a transition starts from. */
    private ArticleEntity lockInStatus(Object input, String id, Long version, ArticleStatus from, String transition) {
        em.setFlushMode(FlushModeType.COMMIT);
        validation.check(input);
        ArticleEntity article = lockAtVersion(id, version);
        if (article.status != from) {
            String required = from == ArticleStatus.DRAFT ? "a draft" : "a " + from.name().toLowerCase(Locale.ROOT) + " article";
            throw new ApiException(ErrorCode.BAD_USER_INPUT,
                    "Only " + required + " can be " + transition + "; this article is " + article.status + ".");
        }
        return article;
    }

    ArticleEntity lockAtVersion(String id, long version) {
        long key = GlobalId.numericKey(id, Article.TYPE);
        ArticleEntity article = em.find(ArticleEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (article == null) {
            throw ApiException.badInput("There is no article with ID '" + id + "'.");
        }
        ExpectedVersion.require("article", article.version, version);
        return article;
    }

    /** Applies headline, body and attribution; the slug follows the headline until first publication. */
    private Set<String> applyContent(ArticleEntity article, String headline, String body, String attributionSource) {
        Set<String> changed = new LinkedHashSet<>();
        if (headline != null && !headline.strip().equals(article.headline)) {
            article.headline = headline.strip();
            changed.add("headline");
            if (article.firstPublishedAt == null) {
                String slug = slugs.unique(article.headline, article.id);
                if (!slug.equals(article.slug)) {
                    slugs.retire(article.slug, article.id);
                    article.slug = slug;
                    changed.add("slug");
                }
            }
        }
        if (body != null && !body.equals(article.body)) {
            requireStatementsStillFit(article.id, body);
            article.body = body;
            changed.add("body");
        }
        if (attributionSource != null && !Objects.equals(blankToNull(attributionSource), article.attributionSource)) {
            article.attributionSource = blankToNull(attributionSource);
            changed.add("attributionSource");
        }
        return changed;
    }

    /** Applies the rights the input names; an empty string removes usage terms or the own copyright holder. */
    private static Set<String> applyRights(ArticleEntity article, ArticleRightsInput rights) {
        Set<String> changed = new LinkedHashSet<>();
        if (rights == null) {
            return changed;
        }
        if (rights.syndicationAllowed != null && rights.syndicationAllowed != article.syndicationAllowed) {
            article.syndicationAllowed = rights.syndicationAllowed;
            changed.add("syndicationAllowed");
        }
        if (rights.usageTerms != null && !Objects.equals(blankToNull(rights.usageTerms), article.usageTerms)) {
            article.usageTerms = blankToNull(rights.usageTerms);
            changed.add("usageTerms");
        }
        if (rights.copyrightHolder != null
                && !Objects.equals(blankToNull(rights.copyrightHolder), article.copyrightHolder)) {
            article.copyrightHolder = blankToNull(rights.copyrightHolder);
            changed.add("copyrightHolder");
        }
        return changed;
    }

    /**
     * Sets or removes the embargo. A published article still under embargo has never been public:
     * its publication time follows the embargo, so it is listed when readers first see it.
     */
    private static Set<String> changeEmbargo(ArticleEntity article, Instant embargoUntil, Instant now) {
        if (Objects.equals(embargoUntil, article.embargoUntil)) {
            return Set.of();
        }
        Set<String> changed = new LinkedHashSet<>(List.of("embargoUntil"));
        boolean publicationFollowsEmbargo = article.status == ArticleStatus.PUBLISHED && embargoed(article, now)
                && Objects.equals(article.firstPublishedAt, article.embargoUntil);
        article.embargoUntil = embargoUntil;
        if (publicationFollowsEmbargo) {
            article.firstPublishedAt = embargoUntil == null ? now : embargoUntil;
            changed.add("firstPublishedAt");
        }
        return changed;
    }

    private static boolean embargoed(ArticleEntity article, Instant now) {
        return PublicArticles.isEmbargoed(article.embargoUntil, now);
    }

    /** Whether readers see the article now. */
    static boolean isPublic(ArticleEntity article, Instant now) {
        return PublicArticles.isPublic(article.status == ArticleStatus.PUBLISHED, article.embargoUntil, now);
    }

    /** A new body must still hold every statement at its position, or the change is refused whole. */
    private void requireStatementsStillFit(long articleId, String body) {
        List<Paragraph> paragraphs = Article.paragraphs(body);
        @SuppressWarnings("unchecked")
        List<Object[]> statements = em.createNativeQuery("select id, paragraph_position, start_offset, end_offset, text "
                + "from statement where article_id = :id order by id").setParameter("id", articleId).getResultList();
        Violations violations = new Violations();
        for (Object[] row : statements) {
            int paragraph = ((Number) row[1]).intValue();
            int start = ((Number) row[2]).intValue();
            int end = ((Number) row[3]).intValue();
            String text = (String) row[4];
            boolean fits = paragraph <= paragraphs.size() && end <= paragraphs.get(paragraph - 1).text().length()
                    && paragraphs.get(paragraph - 1).text().substring(start, end).equals(text);
            if (!fits) {
                violations.add("input.body", "no longer holds statement "
                        + GlobalId.of(ArticleRevision.STATEMENT_TYPE, ((Number) row[0]).longValue())
                        + " at paragraph " + paragraph + " [" + start + ", " + end + "): update or remove it first");
            }
        }
        violations.throwIfAny();
    }

    private void touch(ArticleEntity article) {
        article.lastUpdatedAt = Instant.now();
        em.flush();
    }

    /** The payload of a written article: its fields are read by the read engine once the write commits. */
    private ArticlePayload payload(String clientMutationId, long articleId) {
        em.flush();
        return new ArticlePayload(clientMutationId, Article.ofKey(articleId));
    }

    private List<String> currentCountries(long articleId) {
        return queries.countryCodes(List.of(articleId)).getOrDefault(articleId, List.of());
    }

    private void replaceCountries(long articleId, List<String> codes) {
        em.createNativeQuery("delete from article_country where article_id = :id").setParameter("id", articleId)
                .executeUpdate();
        for (String code : codes) {
            em.createNativeQuery("insert into article_country (article_id, country_code) values (:id, :code)")
                    .setParameter("id", articleId).setParameter("code", code).executeUpdate();
        }
    }

    private String language(String tag, Violations violations) {
        try {
            return Languages.parse(tag).toLanguageTag();
        } catch (ApiException e) {
            violations.add("input.language", e.getMessage());
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
