package org.newsroom.country;

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

@Type("Country")
@Key(fields = @FieldSet("code"))
@Description("A country of ISO 3166-1. Its name comes from CLDR in the language asked for.")
public final class Country implements Node {

    static final String TYPE = "Country";

    private final String alpha2;
    private final String alpha3;
    private final String numericCode;

    Country(String alpha2, String alpha3, String numericCode) {
        this.alpha2 = alpha2;
        this.alpha3 = alpha3;
        this.numericCode = numericCode;
    }

    @Override
    @Id
    @NonNull
    public String getId() {
        return GlobalId.of(TYPE, alpha2);
    }

    @NonNull
    @Description("ISO 3166-1 alpha-2 code, e.g. IR.")
    public String getCode() {
        return alpha2;
    }

    @NonNull
    @Description("ISO 3166-1 alpha-3 code, e.g. IRN.")
    public String getAlpha3() {
        return alpha3;
    }

    @NonNull
    @Description("ISO 3166-1 numeric code as three digits, e.g. 364.")
    public String getNumericCode() {
        return numericCode;
    }

    @Ignore
    public String alpha2() {
        return alpha2;
    }

    /** The CLDR name of the country with this alpha-2 code in the reader's language (Country.name). */
    public static String displayName(String alpha2, Locale reader) {
        return new Locale("", alpha2).getDisplayCountry(reader);
    }
}
