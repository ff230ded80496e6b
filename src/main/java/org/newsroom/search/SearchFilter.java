package org.newsroom.search;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("SearchFilter")
@Description("Narrows a search; all given conditions must hold.")
public class SearchFilter {

    @Description("Only results of these types; all types when absent.")
    public List<@NonNull SearchResultType> types;

    @Description("BCP-47 language of the article (for statements: of the article that reports them; for speakers: "
            + "of their original name); 'ur' also matches 'ur-PK'.")
    public String language;

    @Description("ISO 3166-1 alpha-2 or alpha-3 code: articles and statements that concern the country, "
            + "speakers of the country.")
    public String country;

    @Id
    @Description("ID of a speaker: articles that quote the speaker, the speaker's statements, the speaker.")
    public String speaker;

    @Description("Published at or after this time (speakers: quoted in an article published then).")
    public Instant publishedFrom;

    @Description("Published before this time (speakers: quoted in an article published then).")
    public Instant publishedBefore;
}
