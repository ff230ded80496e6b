package org.newsroom.statement;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("StatementFilter")
@Description("Narrows a list of statements; all given conditions must hold.")
public class StatementFilter {

    @Id
    @Description("ID of the speaker.")
    public String speaker;

    @Description("ISO 3166-1 alpha-2 or alpha-3 code of a country the statement concerns.")
    public String country;

    @Id
    @Description("ID of the article that reports the statement.")
    public String article;

    @Description("Any of these kinds.")
    public List<@NonNull StatementKind> kind;

    @Description("Words to search for (1 to 500 characters, matched as search(query:) matches them); without "
            + "orderBy, results come most relevant first.")
    public String query;
}
