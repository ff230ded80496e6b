package org.newsroom.speaker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "speaker")
public class SpeakerEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SpeakerKind kind;

    @NotBlank
    @Column(nullable = false)
    public String name;

    @NotBlank
    @Column(name = "name_language", nullable = false)
    public String nameLanguage;

    @NotBlank
    @Column(name = "latin_name", nullable = false)
    public String latinName;

    public String role;

    public String affiliation;

    @Column(name = "country_code")
    public String countryCode;

    @Pattern(regexp = "Q[1-9][0-9]*")
    @Column(name = "wikidata_qid")
    public String wikidataQid;

    @Column(name = "source_key", unique = true)
    public String sourceKey;

    @jakarta.persistence.Version
    @Column(nullable = false)
    public long version;
}
