package org.newsroom.article;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** That an article concerns a country. */
@Entity
@Table(name = "article_country")
public class ArticleCountryEntity extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    public static ArticleCountryEntity of(long articleId, String countryCode) {
        ArticleCountryEntity link = new ArticleCountryEntity();
        link.key = new Key(articleId, countryCode);
        return link;
    }

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "article_id")
        public long articleId;

        @Column(name = "country_code")
        public String countryCode;

        protected Key() {
        }

        public Key(long articleId, String countryCode) {
            this.articleId = articleId;
            this.countryCode = countryCode;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.articleId == articleId && Objects.equals(key.countryCode, countryCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(articleId, countryCode);
        }
    }
}
