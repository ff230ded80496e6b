package org.newsroom.article;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The inputs and payload of the article mutations (Relay style: one input object, clientMutationId echoed). */
public final class ArticleInputs {

    /** Text with a non-blank character, or nothing at all (which removes the value). */
    static final String NOT_BLANK_OR_EMPTY = "|(?s).*\\S.*";
    static final String BLANK_MESSAGE = "must not be blank (an empty string removes it)";

    private ArticleInputs() {
    }

    @Input("CreateArticleInput")
    @Description("A new draft; its slug comes from the headline.")
    public static class CreateArticleInput {
        public String clientMutationId;
        @NotBlank
        @Size(max = 35)
        @Description("BCP-47 language tag of the text, e.g. ur, en, de.")
        public String language;
        @NotBlank
        @Size(max = 500)
        public String headline;
        @NotBlank
        @Size(max = 200_000)
        @Description("The text; paragraphs are its non-blank lines.")
        public String body;
        @Size(max = 200)
        public String attributionSource;
        @Size(max = 50)
        @Description("ISO 3166-1 codes of the countries the article concerns.")
        public List<@NotBlank String> countries;
        @Valid
        @Description("Syndication rights; left out: syndication allowed, no usage terms, the newsroom's copyright.")
        public ArticleRightsInput rights;
        @Future
        @Description("Keeps the article from readers, partners and search until this time, even once published.")
        public Instant embargoUntil;
    }

    @Input("UpdateArticleInput")
    @Description("Changes to an article; fields left out stay as they are. The slug follows the headline "
            + "until the article is first published.")
    public static class UpdateArticleInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        @Description("The version last seen; a stale one fails with CONFLICT.")
        public Long version;
        @Size(min = 1, max = 500)
        @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String headline;
        @Size(min = 1, max = 200_000)
        @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String body;
        @Size(max = 200)
        public String attributionSource;
        @Size(max = 50)
        public List<@NotBlank String> countries;
        @Valid
        @Description("Changes to the rights; fields left out stay as they are.")
        public ArticleRightsInput rights;
        @Future
        @Description("A new embargo time. An article that readers already see cannot be embargoed again.")
        public Instant embargoUntil;
        @Description("true removes the embargo: a published article becomes public at once.")
        public Boolean liftEmbargo;
    }

    @Input("ArticleRightsInput")
    @Description("Syndication rights of an article. An empty string removes usage terms or the article's own "
            + "copyright holder (the newsroom's applies again).")
    public static class ArticleRightsInput {
        public Boolean syndicationAllowed;
        @Size(max = 2000)
        @jakarta.validation.constraints.Pattern(regexp = NOT_BLANK_OR_EMPTY, message = BLANK_MESSAGE)
        public String usageTerms;
        @Size(max = 200)
        @jakarta.validation.constraints.Pattern(regexp = NOT_BLANK_OR_EMPTY, message = BLANK_MESSAGE)
        public String copyrightHolder;
    }

    @Input("ArticleTransitionInput")
    @Description("Publishing or unpublishing an article, at the version last seen.")
    public static class ArticleTransitionInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
    }

    @Input("WithdrawArticleInput")
    public static class WithdrawArticleInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
        @NotBlank
        @Size(max = 2000)
        @Description("Why, for readers: shown in place of the text.")
        public String reason;
    }

    @Input("CorrectArticleInput")
    @Description("A correction of a published article: the changed fields and the public note that explains them.")
    public static class CorrectArticleInput {
        public String clientMutationId;
        @NotNull
        @Id
        public String id;
        @NotNull
        @PositiveOrZero
        public Long version;
        @NotBlank
        @Size(max = 2000)
        @Description("What was corrected, for readers.")
        public String note;
        @Size(min = 1, max = 500)
        @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String headline;
        @Size(min = 1, max = 200_000)
        @jakarta.validation.constraints.Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        public String body;
        @Size(max = 200)
        public String attributionSource;
    }

    @Type("ArticlePayload")
    public record ArticlePayload(String clientMutationId, @NonNull Article article) {
    }
}
