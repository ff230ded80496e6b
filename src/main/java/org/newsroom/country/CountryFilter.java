package org.newsroom.country;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("CountryFilter")
@Description("Narrows the list of countries.")
public class CountryFilter {

    @Description("Start of the country's name, or of any word of it, in English, Urdu, Arabic, Persian, Hindi, "
            + "Russian, Chinese, French, German, Spanish, Portuguese, Turkish or Bengali (\"Russ\", \"رو\"); "
            + "case, accents and Arabic/Urdu letter variants do not matter. For type-ahead.")
    public String namePrefix;
}
