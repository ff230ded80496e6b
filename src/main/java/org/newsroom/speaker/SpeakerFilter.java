package org.newsroom.speaker;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("SpeakerFilter")
@Description("Narrows a list of speakers; all given conditions must hold.")
public class SpeakerFilter {

    @Description("ISO 3166-1 alpha-2 or alpha-3 code of the speaker's country.")
    public String country;

    public SpeakerKind kind;

    @Description("Start of the name or of any word of it, in the original or in Latin script "
            + "(\"Burt\", \"ٹام\"); case does not matter.")
    public String namePrefix;

    @Description("Words to search for (1 to 500 characters, matched as search(query:) matches them); without "
            + "orderBy, results come most relevant first.")
    public String query;
}
