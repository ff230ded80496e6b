package org.newsroom.speaker;

import org.eclipse.microprofile.graphql.Input;
import org.newsroom.graphql.OrderDirection;

@Input("SpeakerOrder")
public class SpeakerOrder {

    public SpeakerOrderField field = SpeakerOrderField.LATIN_NAME;

    public OrderDirection direction = OrderDirection.ASC;

    public enum SpeakerOrderField {
        LATIN_NAME
    }
}
