package org.newsroom.country;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An ISO 3166-1 country; reference data loaded by a migration. */
@Entity
@Table(name = "country")
public class CountryEntity extends PanacheEntityBase {

    @Id
    @Column(name = "alpha2")
    public String alpha2;

    @Column(name = "alpha3", nullable = false)
    public String alpha3;

    @Column(name = "numeric_code", nullable = false)
    public String numericCode;
}
