package org.newsroom.article;

/**
 * What a write did to an article, fired synchronously inside the writing transaction once the
 * article and its history are written. Observers run in that transaction: what they write commits
 * or rolls back with the change (the syndication change feed); what they announce must wait for the
 * commit (live events: PostgreSQL delivers a NOTIFY only when its transaction commits). A new
 * draft is not announced: no one outside the newsroom sees it.
 *
 * @param wasPublic whether readers saw the article before the write
 * @param isPublic  whether readers see it after the write (published, embargo passed)
 */
public record ArticleChanged(long articleId, Change change, boolean wasPublic, boolean isPublic) {

    public enum Change {
        UPDATED, PUBLISHED, UNPUBLISHED, WITHDRAWN, CORRECTED,
        /** Nothing was written but the embargo passed: the article reaches readers now. */
        EMBARGO_LIFTED
    }

    /** Whether readers see the article from this write on and did not before. */
    public boolean becamePublic() {
        return !wasPublic && isPublic;
    }
}
