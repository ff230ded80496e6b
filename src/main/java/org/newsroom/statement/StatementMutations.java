package org.newsroom.statement;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.newsroom.auth.Caller;

/**
 * The GraphQL write API of statements: checks that the caller is an editor and hands the input to
 * {@link StatementWrites}, which holds the transaction.
 */
@GraphQLApi
public class StatementMutations {

    @Inject
    Caller caller;

    @Inject
    StatementWrites writes;

    @Input("AddStatementInput")
    public static class AddStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String article;
        @NotNull
        @Min(1)
        @Description("Position of the paragraph (1 for the first).")
        public Integer paragraph;
        @NotNull
        @PositiveOrZero
        @Description("Start in the paragraph's text, in UTF-16 code units from 0.")
        public Integer start;
        @NotNull
        @Min(1)
        @Description("End (exclusive): paragraph.text.slice(start, end) must equal text.")
        public Integer end;
        @NotBlank
        @Size(max = 20_000)
        public String text;
        @NotNull
        public StatementKind kind;
        @NotNull
        @Id
        public String speaker;
        @Size(max = 200)
        @Description("The agency the statement was reported through, e.g. Reuters.")
        public String reportedVia;
        @Size(max = 50)
        public List<@NotBlank String> countries;
    }

    @Input("UpdateStatementInput")
    @Description("Changes to a statement; fields left out stay as they are. A new position needs paragraph, "
            + "start, end and text that fit together.")
    public static class UpdateStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
        @Min(1)
        public Integer paragraph;
        @PositiveOrZero
        public Integer start;
        @Min(1)
        public Integer end;
        @Size(min = 1, max = 20_000)
        public String text;
        public StatementKind kind;
        @Id
        public String speaker;
        @Size(max = 200)
        public String reportedVia;
        @Size(max = 50)
        public List<@NotBlank String> countries;
    }

    @Input("RemoveStatementInput")
    public static class RemoveStatementInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
    }

    @Type("StatementPayload")
    public record StatementPayload(String clientMutationId, @NonNull Statement statement) {
    }

    @Type("RemoveStatementPayload")
    public record RemoveStatementPayload(String clientMutationId, @Id @NonNull String removedStatementId) {
    }

    @Mutation("addStatement")
    @Description("Adds a statement to an article. Needs the editor role.")
    public @NonNull StatementPayload addStatement(@NonNull @Name("input") AddStatementInput input) {
        return writes.addStatement(caller.requireEditor(), input);
    }

    @Mutation("updateStatement")
    @Description("Changes a statement, at the version last seen. Needs the editor role.")
    public @NonNull StatementPayload updateStatement(@NonNull @Name("input") UpdateStatementInput input) {
        return writes.updateStatement(caller.requireEditor(), input);
    }

    @Mutation("removeStatement")
    @Description("Removes a statement, at the version last seen; its history stays with the article.")
    public @NonNull RemoveStatementPayload removeStatement(@NonNull @Name("input") RemoveStatementInput input) {
        return writes.removeStatement(caller.requireEditor(), input);
    }
}
