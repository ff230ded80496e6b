package org.newsroom.syndication;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Node;

@Type("Partner")
@Description("A partner newsroom that pulls our content with API keys (admins only).")
public final class Partner implements Node {

    public static final String TYPE = "Partner";

    private final long databaseId;
    private final String name;
    private final Instant createdAt;
    private final List<String> languages;
    private final List<String> countries;
    private final long version;

    /**
     * The partner known by its key alone, no other field set: what a mutation's payload carries,
     * whose fields the read engine reads once the write commits (PayloadReads).
     */
    public static Partner ofKey(long databaseId) {
        return new Partner(databaseId, null, null, List.of(), List.of(), 0);
    }

    public Partner(long databaseId, String name, Instant createdAt, List<String> languages, List<String> countries,
            long version) {
        this.databaseId = databaseId;
        this.name = name;
        this.createdAt = createdAt;
        this.languages = List.copyOf(languages);
        this.countries = List.copyOf(countries);
        this.version = version;
    }

    @Override
    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, databaseId);
    }

    public @NonNull String getName() {
        return name;
    }

    public @NonNull Instant getCreatedAt() {
        return createdAt;
    }

    @Description("Languages (BCP-47) whose articles the partner gets; empty means every language.")
    public @NonNull List<@NonNull String> getLanguages() {
        return languages;
    }

    @Description("ISO 3166-1 alpha-2 codes: the partner gets articles about any of them; empty means all countries.")
    public @NonNull List<@NonNull String> getCountries() {
        return countries;
    }

    @Description("Increases with every change; updatePartnerEntitlements must name the version it saw.")
    public long getVersion() {
        return version;
    }

    @Ignore
    public long databaseId() {
        return databaseId;
    }
}
