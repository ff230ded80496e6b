package org.newsroom.article;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

@Input("ArticleFilter")
@Description("Narrows a list of articles; all given conditions must hold.")
public class ArticleFilter {

    @Description("BCP-47 language; 'ur' also matches 'ur-PK'.")
    public String language;

    @Description("ISO 3166-1 alpha-2 or alpha-3 code of a country the article concerns.")
    public String country;

    @Id
    @Description("ID of a speaker quoted in the article.")
    public String speaker;

    @Description("PUBLISHED when not given; DRAFT and WITHDRAWN articles are listed for editors only "
            + "(drafts by their last update when ordered by FIRST_PUBLISHED_AT).")
    public ArticleStatus status;

    @Description("Published at or after this time.")
    public Instant publishedFrom;

    @Description("Published before this time.")
    public Instant publishedBefore;

    @Description("Words to search for (1 to 500 characters, matched as search(query:) matches them); without "
            + "orderBy, results come most relevant first.")
    public String query;
}
