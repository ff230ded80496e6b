package org.newsroom.statement;

/**
 * What a write did to a statement, fired synchronously inside the writing transaction once the
 * statement and its history are written (see ArticleChanged for what observers may do there).
 *
 * @param articleIsPublic whether readers see the statement's article
 */
public record StatementChanged(long statementId, long articleId, Change change, boolean articleIsPublic) {

    public enum Change {
        ADDED, UPDATED, REMOVED
    }
}
