package org.newsroom.article;

import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Slugs from headlines (docs/decisions/slugs.md): Latin letters folded to ASCII, every other script
 * kept as it is written (an Urdu headline gives an Urdu slug), words joined by single hyphens.
 * Unique across current and former slugs (a numeric suffix on collision), and fixed once an
 * article has been published; a slug an article leaves behind keeps resolving to it.
 */
@ApplicationScoped
public class ArticleSlugs {

    /** What the database accepts (V4): ASCII only as [a-z0-9], any non-ASCII character, single hyphens. */
    public static final String PATTERN = "([a-z0-9]|[^\\x00-\\x7f])+(-([a-z0-9]|[^\\x00-\\x7f])+)*";
    /** In code points; longer headlines are cut at a word boundary. */
    static final int MAX_LENGTH = 80;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    /** Optional Arabic-script vowel signs (zabar, zer, pesh, ...): rarely written, never part of a slug. */
    private static final Pattern ARABIC_DIACRITICS = Pattern.compile("[\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{M}\\p{Nd}]+");

    @Inject
    EntityManager em;

    /** The slug words of a headline, without uniqueness; empty when the headline has no letter or digit. */
    public static String base(String headline) {
        String text = Normalizer.normalize(headline, Normalizer.Form.NFKC);
        text = ARABIC_DIACRITICS.matcher(text).replaceAll("");
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                // é -> e, ß -> ss; letters of other scripts stay as written
                String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
                folded.append(COMBINING_MARKS.matcher(decomposed).replaceAll("").replace("ß", "ss")
                        .replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("ł", "l").replace("đ", "d")
                        .replace("ð", "d").replace("þ", "th"));
            } else if (Character.getType(cp) == Character.FORMAT) {
                // zero-width (non-)joiners and direction marks: invisible, never in a URL
                folded.append(' ');
            } else {
                folded.appendCodePoint(cp);
            }
        });
        String lower = folded.toString().toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        for (String word : NOT_WORD.split(lower)) {
            if (word.isEmpty() || !isSlugWord(word)) {
                continue;
            }
            int length = slug.codePointCount(0, slug.length()) + word.codePointCount(0, word.length());
            if (slug.length() > 0 && length + 1 > MAX_LENGTH) {
                break;
            }
            if (slug.length() > 0) {
                slug.append('-');
            }
            slug.append(word.length() > MAX_LENGTH ? word.substring(0, word.offsetByCodePoints(0, MAX_LENGTH)) : word);
        }
        return Normalizer.normalize(slug.toString(), Normalizer.Form.NFC);
    }

    /** Leaves out what a Latin fold could not make ASCII (e.g. letters with no decomposition). */
    private static boolean isSlugWord(String word) {
        return word.codePoints().noneMatch(cp -> cp < 0x80 && !(cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9'));
    }

    /**
     * A slug no article has or had, from the headline; serialised per base with an advisory lock so
     * that two editors creating the same headline at once get different slugs.
     */
    public String unique(String headline, Long articleId) {
        String base = base(headline);
        if (base.isEmpty()) {
            base = "article";
        }
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(:base))) locked")
                .setParameter("base", "slug:" + base).getSingleResult();
        for (int suffix = 1;; suffix++) {
            String candidate = suffix == 1 ? base : base + "-" + suffix;
            if (!taken(candidate, articleId)) {
                return candidate;
            }
        }
    }

    /** Keeps the slug an article leaves behind resolving to it. */
    public void retire(String slug, long articleId) {
        em.createNativeQuery("insert into article_slug_history (slug, article_id, retired_at) values (:slug, :id, :at) "
                + "on conflict (slug) do nothing")
                .setParameter("slug", slug).setParameter("id", articleId)
                .setParameter("at", OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)).executeUpdate();
    }

    private boolean taken(String slug, Long articleId) {
        Number count = (Number) em.createNativeQuery("select count(*) from (select id from article where slug = :slug "
                + "and id <> :self union all select article_id from article_slug_history where slug = :slug "
                + "and article_id <> :self) taken")
                .setParameter("slug", slug).setParameter("self", articleId == null ? -1L : articleId)
                .getSingleResult();
        return count.longValue() > 0;
    }
}
