package org.newsroom.article;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "article")
public class ArticleEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @NotBlank
    @Pattern(regexp = ArticleSlugs.PATTERN)
    @Column(nullable = false, unique = true)
    public String slug;

    @NotBlank
    @Column(nullable = false)
    public String language;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TextDirection direction;

    @NotBlank
    @Column(nullable = false)
    public String headline;

    @NotNull
    @Column(nullable = false)
    public String body;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ArticleStatus status;

    @Column(name = "first_published_at")
    public Instant firstPublishedAt;

    @NotNull
    @Column(name = "last_updated_at", nullable = false)
    public Instant lastUpdatedAt;

    @Column(name = "attribution_source")
    public String attributionSource;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "editorial_fields", nullable = false, columnDefinition = "text[]")
    public String[] editorialFields = new String[0];

    @Column(name = "source_document", unique = true)
    public String sourceDocument;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    @Column(name = "syndication_allowed", nullable = false)
    public boolean syndicationAllowed = true;

    @Column(name = "usage_terms")
    public String usageTerms;

    @Column(name = "copyright_holder")
    public String copyrightHolder;

    @Column(name = "embargo_until")
    public Instant embargoUntil;

    @Version
    @Column(nullable = false)
    public long version;
}
