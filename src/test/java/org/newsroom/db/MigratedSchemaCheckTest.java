package org.newsroom.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Readiness waits for the newest migration: the one this build carries, not an older one. */
class MigratedSchemaCheckTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    @Test
    void requiresTheNewestMigrationOfTheBuild() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            names = files.map(file -> file.getFileName().toString()).toList();
        }
        assertEquals(List.of(), names.stream().filter(name -> !VERSIONED.matcher(name).matches()).toList(),
                "migrations are named V<whole number>__<description>.sql (the check compares whole numbers)");
        int newest = names.stream().map(VERSIONED::matcher).filter(Matcher::matches)
                .mapToInt(name -> Integer.parseInt(name.group(1))).max().orElseThrow();
        assertEquals(String.valueOf(newest), MigratedSchemaCheck.NEWEST_MIGRATION,
                "a migration was added: move MigratedSchemaCheck.NEWEST_MIGRATION to its version");
    }
}
