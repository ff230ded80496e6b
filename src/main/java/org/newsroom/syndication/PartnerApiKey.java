package org.newsroom.syndication;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;

@Type("ApiKey")
@Description("A partner's API key as admins see it: never the key itself, which is shown once at creation.")
public final class PartnerApiKey {

    public static final String TYPE = "ApiKey";

    private final long databaseId;
    private final long partnerId;
    private final String prefix;
    private final Instant createdAt;
    private final Instant lastUsedAt;
    private final Instant revokedAt;

    public PartnerApiKey(long databaseId, long partnerId, String prefix, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt) {
        this.databaseId = databaseId;
        this.partnerId = partnerId;
        this.prefix = prefix;
        this.createdAt = createdAt;
        this.lastUsedAt = lastUsedAt;
        this.revokedAt = revokedAt;
    }

    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, databaseId);
    }

    @Description("The key's first characters, to tell keys apart; not enough to use it.")
    public @NonNull String getPrefix() {
        return prefix;
    }

    public @NonNull Instant getCreatedAt() {
        return createdAt;
    }

    @Description("When the key was last used, to the minute; null if never.")
    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    @Description("When the key was revoked; null while it works.")
    public Instant getRevokedAt() {
        return revokedAt;
    }

    @Ignore
    public long partnerId() {
        return partnerId;
    }
}
