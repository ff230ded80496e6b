package org.newsroom.graphql;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * Parses GraphQL documents as SmallRye will: within its token limit
 * ({@code quarkus.smallrye-graphql.parser-max-tokens}), so that the request guard and the compiled
 * reads refuse and accept exactly what the interpreter would.
 */
@ApplicationScoped
public class DocumentParser {

    @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000")
    int maxTokens;

    /**
     * The document; graphql-java's exceptions when it is not one (InvalidSyntaxException) or is too
     * long or too deep (the ParseCancelled exceptions).
     */
    public Document parse(String text) {
        ParserOptions options = ParserOptions.getDefaultParserOptions().transform(o -> o.maxTokens(maxTokens));
        return Parser.parse(ParserEnvironment.newParserEnvironment().document(text).parserOptions(options).build());
    }

    public int maxTokens() {
        return maxTokens;
    }
}
