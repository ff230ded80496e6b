package org.newsroom.article;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ArticleRights")
@Description("Who may republish an article and on what terms.")
public final class ArticleRights {

    private final boolean syndicationAllowed;
    private final String usageTerms;
    private final String ownCopyrightHolder;
    private final String defaultCopyrightHolder;

    ArticleRights(boolean syndicationAllowed, String usageTerms, String ownCopyrightHolder,
            String defaultCopyrightHolder) {
        this.syndicationAllowed = syndicationAllowed;
        this.usageTerms = usageTerms;
        this.ownCopyrightHolder = ownCopyrightHolder;
        this.defaultCopyrightHolder = defaultCopyrightHolder;
    }

    @Description("Whether partners may republish the article (syndication feeds and ninjs leave it out when false).")
    public boolean getSyndicationAllowed() {
        return syndicationAllowed;
    }

    @Description("Terms of use in plain language, e.g. 'No archiving'; null when none are set.")
    public String getUsageTerms() {
        return usageTerms;
    }

    @NonNull
    @Description("Who holds the copyright: the article's own holder, else the newsroom (configured).")
    public String getCopyrightHolder() {
        return ownCopyrightHolder != null ? ownCopyrightHolder : defaultCopyrightHolder;
    }

    /** The holder set on the article itself, null when it falls back to the newsroom's. */
    @Ignore
    public String ownCopyrightHolder() {
        return ownCopyrightHolder;
    }
}
