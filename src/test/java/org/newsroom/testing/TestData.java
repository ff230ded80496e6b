package org.newsroom.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.arc.Arc;

/**
 * Rows that writing tests create for themselves: headlines and speaker names carry the test's own
 * prefix, so a test asserts only on its rows, and {@link #remove} takes them away again afterwards
 * (other test classes count the whole corpus).
 */
public final class TestData {

    private TestData() {
    }

    /** A prefix no other test uses, e.g. "Wtest 3f2a91 ". */
    public static String prefix() {
        return "Wtest " + UUID.randomUUID().toString().substring(0, 8) + " ";
    }

    /** Deletes the articles whose headline and the speakers whose latin name starts with the prefix. */
    public static void remove(String prefix) {
        DataSource dataSource = Arc.container().instance(DataSource.class).get();
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (String sql : List.of(
                    "delete from statement where speaker_id in (select id from speaker where latin_name like ?)",
                    "delete from article where headline like ?",
                    "delete from speaker where latin_name like ?")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, like);
                    statement.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove the test rows of '" + prefix + "'", e);
        }
    }

    /** Input maps without nulls, for variables. */
    public static Map<String, Object> input(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
