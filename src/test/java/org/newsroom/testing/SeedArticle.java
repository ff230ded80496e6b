package org.newsroom.testing;

/** Facts about the seed article that tests check the API against. */
public final class SeedArticle {

    public static final String SLUG = "microsoft-hackers-russia-china-iran-target-us-campaigns";
    public static final String BODY_SHA256 = "59351bc59da60d943d03e91e4e92ed7483ce969bf33390e9d938f631c5fb34b3";
    public static final int BODY_BYTES = 4945;
    /** The statements quoted in it, each with its speaker. */
    public static final int STATEMENTS = 17;

    private SeedArticle() {
    }
}
