package org.newsroom.country;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.newsroom.graphql.ApiException;
import org.newsroom.graphql.InputValidation.Violations;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The countries, read once: they are reference data (a migration changes them, never a request),
 * so resolving a country costs no SQL.
 */
@ApplicationScoped
public class CountryCatalog {

    private static final Logger LOG = Logger.getLogger(CountryCatalog.class);

    private volatile Map<String, Country> byCode;

    /** Read at start, so that no request (on an event loop, say) is the first to need the database for it. */
    void readAtStart(@Observes StartupEvent start) {
        // Beside the start, not in it: a new pod's first answer waits for the main thread's start-up
        // work. A request that needs the countries meanwhile waits for this read (codes()).
        Thread reader = new Thread(this::readNow, "country-catalog-read");
        reader.setDaemon(true);
        reader.start();
    }

    private void readNow() {
        try {
            read();
        } catch (RuntimeException unavailable) {
            LOG.warnf("Countries not read at start (read at first use instead): %s", unavailable.toString());
        }
    }

    /** Reads the catalog unless it is in memory already, in a transaction of its own (blocking: not for an event loop). */
    public void read() {
        if (!isLoaded()) {
            QuarkusTransaction.requiringNew().run(this::codes);
        }
    }

    public Optional<Country> byCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(codes().get(code.strip().toUpperCase(Locale.ROOT)));
    }

    /** The alpha-2 code of a country a client named by alpha-2 or alpha-3 code; unknown codes are errors. */
    public String requireCode(String code) {
        return byCode(code).map(Country::alpha2).orElseThrow(() -> ApiException.badInput(
                "'" + shorten(code) + "' is not an ISO 3166-1 alpha-2 or alpha-3 country code."));
    }

    /**
     * The alpha-2 codes of the countries an input names, sorted and without repeats; each unknown
     * code is reported at {@code input.countries[i]} rather than thrown, so that every error of an
     * input is reported at once.
     */
    public List<String> alpha2Codes(List<String> codes, Violations violations) {
        Set<String> found = new TreeSet<>();
        if (codes != null) {
            for (int i = 0; i < codes.size(); i++) {
                try {
                    found.add(requireCode(codes.get(i)));
                } catch (ApiException e) {
                    violations.add("input.countries[" + i + "]", e.getMessage());
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** Whether the catalog is read already, so that resolving a code reads nothing (safe on an event loop). */
    public boolean isLoaded() {
        return byCode != null;
    }

    public Country require(String alpha2) {
        Country country = codes().get(alpha2);
        if (country == null) {
            throw new IllegalStateException("Country " + alpha2 + " is not in the catalog");
        }
        return country;
    }

    private static String shorten(String code) {
        return code.length() > 12 ? code.substring(0, 12) + "…" : code;
    }

    private Map<String, Country> codes() {
        Map<String, Country> codes = byCode;
        if (codes == null) {
            synchronized (this) {
                codes = byCode;
                if (codes == null) {
                    codes = load();
                    byCode = codes;
                }
            }
        }
        return codes;
    }

    private Map<String, Country> load() {
        Map<String, Country> codes = new HashMap<>();
        for (CountryEntity entity : CountryEntity.<CountryEntity>listAll()) {
            Country country = new Country(entity.alpha2, entity.alpha3, entity.numericCode);
            codes.put(entity.alpha2, country);
            codes.put(entity.alpha3, country);
        }
        return Map.copyOf(codes);
    }
}
