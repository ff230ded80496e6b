package org.newsroom.country;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.NodeLoader;

@ApplicationScoped
public class CountryNodes implements NodeLoader {

    @Inject
    CountryCatalog catalog;

    @Override
    public String type() {
        return Country.TYPE;
    }

    /** A country's key is its alpha-2 code. */
    @Override
    public boolean keyedByNumber() {
        return false;
    }

    @Override
    public Map<String, Country> load(Collection<GlobalId> ids) {
        Map<String, Country> found = new HashMap<>();
        for (GlobalId id : ids) {
            catalog.byCode(id.key()).filter(country -> country.alpha2().equals(id.key()))
                    .ifPresent(country -> found.put(id.key(), country));
        }
        return found;
    }
}
