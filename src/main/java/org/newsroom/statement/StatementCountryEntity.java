package org.newsroom.statement;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** That a statement concerns a country. */
@Entity
@Table(name = "statement_country")
public class StatementCountryEntity extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    public static StatementCountryEntity of(long statementId, String countryCode) {
        StatementCountryEntity link = new StatementCountryEntity();
        link.key = new Key(statementId, countryCode);
        return link;
    }

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "statement_id")
        public long statementId;

        @Column(name = "country_code")
        public String countryCode;

        protected Key() {
        }

        public Key(long statementId, String countryCode) {
            this.statementId = statementId;
            this.countryCode = countryCode;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.statementId == statementId && Objects.equals(key.countryCode, countryCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(statementId, countryCode);
        }
    }
}
