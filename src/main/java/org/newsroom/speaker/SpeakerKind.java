package org.newsroom.speaker;

import org.eclipse.microprofile.graphql.Description;

@Description("Whether a speaker is a person or an organisation (a company, campaign, embassy, government).")
public enum SpeakerKind {
    PERSON, ORGANISATION
}
