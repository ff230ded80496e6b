package org.newsroom.startup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The class list that fills the AppCDS archive (META-INF/newsroom/startup-classes.txt) still names
 * the classes this build has: a list gone stale after an upgrade or a rename archives less and the
 * pods start slower, without any other sign. Regenerate it with bench/startup-classes.sh.
 */
class ArchivedClassesTest {

    @Test
    void theListedClassesStillExist() throws IOException {
        long listed;
        try (InputStream list = getClass().getClassLoader().getResourceAsStream(ArchivedClasses.LIST)) {
            assertTrue(list != null, ArchivedClasses.LIST + " is missing");
            listed = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        }
        int found = ArchivedClasses.load(getClass().getClassLoader());
        assertTrue(listed > 5_000, "only " + listed + " classes listed");
        // About 6 % exist in the packaged jar only (Quarkus generates them: beans, proxies, the main class).
        assertTrue(found >= listed * 0.9, found + " of " + listed
                + " listed classes load: regenerate the list with bench/startup-classes.sh");
    }
}
