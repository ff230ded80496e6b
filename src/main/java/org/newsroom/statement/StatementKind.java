package org.newsroom.statement;

import org.eclipse.microprofile.graphql.Description;

@Description("What a statement does.")
public enum StatementKind {
    CLAIM, WARNING, ASSESSMENT, CONFIRMATION, DENIAL,
    @Description("The speaker was asked and did not answer.")
    NO_ANSWER,
    PREDICTION, PROMISE, QUESTION
}
