package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * What the packaged service (target/quarkus-app) must not hold. Runs in {@code verify} (failsafe),
 * after the package exists.
 */
class PackagedArtifactIT {

    private static final Path PACKAGE = Path.of("target", "quarkus-app");
    private static final Path DEV_KEYS = Path.of("src", "test", "resources", "dev-keys");

    /**
     * The development key pair is committed for dev and tests; were either half in the package, a
     * production setting pointing at it would accept tokens anyone with the repository can sign.
     * Checked by entry name everywhere, and by the keys' text in our own jar and files (the
     * dependencies' jars are ours neither to rename nor to fill).
     */
    @Test
    void theDevelopmentKeyPairIsNotPackaged() throws IOException {
        assertTrue(Files.isRegularFile(PACKAGE.resolve("quarkus-run.jar")), "the package exists: " + PACKAGE);
        List<String> keyTexts = new ArrayList<>();
        try (Stream<Path> keys = Files.list(DEV_KEYS)) {
            for (Path key : keys.toList()) {
                keyTexts.add(keyText(key));
            }
        }
        assertEquals(2, keyTexts.size(), "both halves of the dev key pair are in " + DEV_KEYS);

        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PACKAGE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                boolean ours = !PACKAGE.relativize(file).startsWith("lib");
                if (file.toString().endsWith(".jar")) {
                    inspectJar(file, ours, keyTexts, found);
                } else if (ours && holdsKey(Files.readAllBytes(file), keyTexts)) {
                    found.add(file.toString());
                }
            }
        }
        // Maven never deletes resources that left src/main/resources: a target/classes built before
        // the key moved to src/test/resources still holds it (./mvnw clean verify).
        assertEquals(List.of(), found, "the packaged service holds the development key pair"
                + " (left in target/classes by an older build? build with clean)");
    }

    private static void inspectJar(Path jar, boolean ours, List<String> keyTexts, List<String> found) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.contains("dev-keys") || name.contains("newsroom-dev-")) {
                    found.add(jar + "!/" + name);
                } else if (ours && !entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (holdsKey(in.readAllBytes(), keyTexts)) {
                            found.add(jar + "!/" + name);
                        }
                    }
                }
            }
        }
    }

    /**
     * The second line of the key's Base64 body (the first starts alike in every RSA key of its size):
     * enough to recognise it, whatever file holds it.
     */
    private static String keyText(Path pem) throws IOException {
        return Files.readAllLines(pem).stream().filter(line -> !line.startsWith("-----") && !line.isBlank())
                .skip(1).findFirst().orElseThrow(() -> new AssertionError("no key in " + pem));
    }

    private static boolean holdsKey(byte[] content, List<String> keyTexts) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        return keyTexts.stream().anyMatch(text::contains);
    }
}
