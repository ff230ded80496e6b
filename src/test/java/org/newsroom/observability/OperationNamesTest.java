package org.newsroom.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Operation names come from clients: the tag values they become must stay few and well-formed. */
class OperationNamesTest {

    @Test
    void keepsTheFirstNamesAndCountsTheRestAsOther() {
        OperationNames names = new OperationNames(2);
        assertEquals("FrontPage", names.tag("FrontPage"));
        assertEquals("SeedArticle", names.tag("SeedArticle"));
        assertEquals(OperationNames.OTHER, names.tag("Third"));
        assertEquals("FrontPage", names.tag("FrontPage"), "names seen before keep their series");
    }

    @Test
    void unnamedAndMalformedNamesGetFixedTags() {
        OperationNames names = new OperationNames(10);
        assertEquals(OperationNames.ANONYMOUS, names.tag(null));
        assertEquals(OperationNames.ANONYMOUS, names.tag(""));
        assertEquals(OperationNames.INVALID, names.tag("drop table; --"));
        assertEquals(OperationNames.INVALID, names.tag("x".repeat(101)));
    }
}
