package org.newsroom.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * SQL pieces: a value only ever becomes a bind parameter, marks are numbered in the order they are
 * written however the pieces nest, and a placeholder takes its value when the statement runs.
 */
class SqlTest {

    @Test
    void aValueIsABindParameterWhateverItHolds() {
        String attack = "x'; drop table article; --";
        Sql.Statement statement = Sql.text("select * from article where slug = ").then(Sql.value(attack)).render();

        assertEquals("select * from article where slug = $1", statement.text());
        assertEquals("select * from article where slug = ?", statement.jdbcText());
        assertEquals(List.of(attack), statement.values());
    }

    @Test
    void identifiersAndWordLiteralsRefuseWhatCouldLeaveThem() {
        assertEquals("t1.id", Sql.identifier("t1").then(".").then(Sql.identifier("id")).render().text());
        assertThrows(IllegalArgumentException.class, () -> Sql.identifier("t1; drop table article"));
        assertThrows(IllegalArgumentException.class, () -> Sql.identifier("\"T1\""));

        assertEquals("'~0~name'", Sql.wordLiteral("~0~name").render().text());
        assertThrows(IllegalArgumentException.class, () -> Sql.wordLiteral("it's"));
    }

    @Test
    void marksAreNumberedInWritingOrderAcrossNestedPieces() {
        Sql inner = Sql.text("b = ").then(Sql.value(2)).then(" and c = ").then(Sql.value(3));
        Sql outer = Sql.concat(Sql.text("a = "), Sql.value(1), Sql.text(" and ("), inner, Sql.text(") and d = "),
                Sql.value(4));

        Sql.Statement statement = outer.render();

        assertEquals("a = $1 and (b = $2 and c = $3) and d = $4", statement.text());
        assertEquals("a = ? and (b = ? and c = ?) and d = ?", statement.jdbcText());
        assertEquals(List.of(1, 2, 3, 4), statement.values());
    }

    @Test
    void aPieceUsedTwiceBindsItsValueTwice() {
        Sql slug = Sql.value("the-slug");

        Sql.Statement statement = Sql.join(List.of(Sql.text("slug = ").then(slug),
                Sql.text("old_slug = ").then(slug)), " or ").render();

        assertEquals("slug = $1 or old_slug = $2", statement.text());
        assertEquals(List.of("the-slug", "the-slug"), statement.values());
    }

    @Test
    void joinPutsTheSeparatorBetweenPiecesOnly() {
        Sql columns = Sql.join(List.of(Sql.identifier("id"), Sql.identifier("slug"), Sql.identifier("headline")),
                ", ");

        assertEquals("id, slug, headline", columns.render().text());
        assertEquals("", Sql.join(List.of(), ", ").render().text());
    }

    @Test
    void aBuilderWritesLeftToRightIntoOnePiece() {
        Sql page = Sql.builder().text("select id from article where id > ").value(10L).text(" limit ").integer(20)
                .append(Sql.text(" -- page")).build();

        Sql.Statement statement = page.render();

        assertEquals("select id from article where id > $1 limit 20 -- page", statement.text());
        assertEquals(List.of(10L), statement.values());
    }

    @Test
    void aPlaceholderTakesItsValueWhenTheStatementRuns() {
        Sql.Placeholder partner = new Sql.Placeholder("the calling partner's id");
        Sql.Statement statement = Sql.text("select 1 from partner where id = ").then(Sql.value(partner))
                .then(" and kind = ").then(Sql.value("NEWS")).render();

        assertEquals("select 1 from partner where id = $1 and kind = $2", statement.text());
        assertEquals(List.of(42L, "NEWS"), statement.parameters(placeholder -> placeholder == partner ? 42L : null));
        assertThrows(IllegalStateException.class, () -> statement.parameters(placeholder -> null));
        assertEquals(Arrays.asList(null, "NEWS"), statement.parameters(placeholder -> Sql.Statement.NULL),
                "SQL's null only when given as such");
    }

    @Test
    void onePlaceholderWrittenTwiceTakesItsValueAtBothMarks() {
        Sql.Placeholder slug = new Sql.Placeholder("$slug");
        Sql.Placeholder partner = new Sql.Placeholder("the calling partner's id");
        Sql.Statement statement = Sql.text("select id from article where slug = ").then(Sql.value(slug))
                .then(" or id in (select article_id from article_slug_history where slug = ").then(Sql.value(slug))
                .then(") and partner = ").then(Sql.value(partner)).render();

        assertEquals(List.of("a", "a", 7L),
                statement.parameters(placeholder -> placeholder == slug ? "a" : placeholder == partner ? 7L : null));
        assertEquals(List.of("b", "b", 7L),
                statement.parameters(placeholder -> placeholder == slug ? "b" : placeholder == partner ? 7L : null));
    }

    @Test
    void aStatementWithoutThePlaceholderKeepsItsValues() {
        Sql.Statement statement = Sql.text("select ").then(Sql.value(1)).render();

        assertSame(statement.values(), statement.parameters(placeholder -> null));
    }

    @Test
    void aNullValueIsAParameterToo() {
        Sql.Statement statement = Sql.text("coalesce(holder, ").then(Sql.value(null)).then("::text)").render();

        assertEquals("coalesce(holder, $1::text)", statement.text());
        assertEquals(Arrays.asList((Object) null), statement.values());
    }
}
