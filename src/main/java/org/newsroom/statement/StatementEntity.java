package org.newsroom.statement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "statement")
public class StatementEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @NotNull
    @Column(name = "article_id", nullable = false)
    public Long articleId;

    @Min(1)
    @Column(name = "paragraph_position", nullable = false)
    public int paragraphPosition;

    @Min(0)
    @Column(name = "start_offset", nullable = false)
    public int startOffset;

    @Min(1)
    @Column(name = "end_offset", nullable = false)
    public int endOffset;

    @NotBlank
    @Column(nullable = false)
    public String text;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StatementKind kind;

    @NotNull
    @Column(name = "speaker_id", nullable = false)
    public Long speakerId;

    @Column(name = "reported_via")
    public String reportedVia;

    @jakarta.persistence.Version
    @Column(nullable = false)
    public long version;
}
