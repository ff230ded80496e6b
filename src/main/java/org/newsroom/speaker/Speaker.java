package org.newsroom.speaker;

import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.graphql.GlobalId;
import org.newsroom.graphql.Node;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

@Type("Speaker")
@Key(fields = @FieldSet("id"))
@Description("A person or organisation quoted in articles.")
public final class Speaker implements Node {

    public static final String TYPE = "Speaker";

    private final long databaseId;
    private final SpeakerKind kind;
    private final String originalName;
    private final String nameLanguage;
    private final String latinName;
    private final String role;
    private final String affiliation;
    private final String countryCode;
    private final String wikidataQid;
    private final long version;

    /**
     * The speaker known by its key alone, no other field set: what a mutation's payload carries,
     * whose fields the read engine reads once the write commits (PayloadReads).
     */
    public static Speaker ofKey(long databaseId) {
        return new Speaker(databaseId, null, null, null, null, null, null, null, null, 0);
    }

    Speaker(long databaseId, SpeakerKind kind, String originalName, String nameLanguage, String latinName,
            String role, String affiliation, String countryCode, String wikidataQid, long version) {
        this.databaseId = databaseId;
        this.kind = kind;
        this.originalName = originalName;
        this.nameLanguage = nameLanguage;
        this.latinName = latinName;
        this.role = role;
        this.affiliation = affiliation;
        this.countryCode = countryCode;
        this.wikidataQid = wikidataQid;
        this.version = version;
    }

    @NonNull
    @Description("Increases with every change; updates must name the version they saw.")
    public long getVersion() {
        return version;
    }

    @Override
    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, databaseId);
    }

    public @NonNull SpeakerKind getKind() {
        return kind;
    }

    @NonNull
    @Description("The name as written in the script of the articles that quote the speaker, e.g. ٹام برٹ.")
    public String getOriginalName() {
        return originalName;
    }

    @NonNull
    @Description("The BCP-47 language of originalName.")
    public String getNameLanguage() {
        return nameLanguage;
    }

    @NonNull
    @Description("The name in Latin script, e.g. Tom Burt.")
    public String getLatinName() {
        return latinName;
    }

    @Description("Role or title, e.g. press secretary.")
    public String getRole() {
        return role;
    }

    @Description("The organisation the speaker speaks for, e.g. Microsoft.")
    public String getAffiliation() {
        return affiliation;
    }

    @Description("The Wikidata item of the speaker, e.g. Q2283.")
    public String getWikidataQid() {
        return wikidataQid;
    }

    @Ignore
    public long databaseId() {
        return databaseId;
    }

    @Ignore
    public String countryCode() {
        return countryCode;
    }

    /**
     * The name for a reader (Speaker.name): as originally written when that is the reader's
     * language, in Latin script otherwise.
     */
    public static String nameFor(Locale reader, String nameLanguage, String originalName, String latinName) {
        Locale written = Locale.forLanguageTag(nameLanguage);
        return reader.getLanguage().equals(written.getLanguage()) ? originalName : latinName;
    }
}
