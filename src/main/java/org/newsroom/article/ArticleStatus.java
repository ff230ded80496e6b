package org.newsroom.article;

public enum ArticleStatus {
    DRAFT, PUBLISHED, WITHDRAWN
}
