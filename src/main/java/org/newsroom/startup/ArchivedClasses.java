package org.newsroom.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.annotations.StaticInitSafe;

/**
 * Fills the AppCDS archive with the classes a pod loads up to its first answer, not only those of
 * static initialisation. The package build writes the archive from a run that stops after static
 * initialisation ({@code -Dquarkus.appcds.generate=true}) and archives what that run loaded: about
 * 7,000 of the 15,000 classes (Hibernate's session factory, SmallRye GraphQL's schema, Vert.x's
 * HTTP server and PostgreSQL client are built later, at runtime initialisation). In that run only,
 * this loads and links (without initialising) every class named in {@value #LIST}, recorded from a pod's
 * start up to its first answered query (bench/startup-classes.sh), so that the archive holds them
 * too and a pod maps them instead of parsing and verifying them (docs/performance.md, "Start-up").
 * <p>
 * It is a configuration source because that is what Quarkus instantiates during static
 * initialisation in an application without an extension of its own; it supplies no property. A
 * class the list names that no longer exists is skipped: a stale list only archives less.
 */
@StaticInitSafe
public class ArchivedClasses implements ConfigSource {

    static final String LIST = "META-INF/newsroom/startup-classes.txt";

    private static volatile boolean loaded;

    public ArchivedClasses() {
        if (Boolean.getBoolean("quarkus.appcds.generate") && !loaded) {
            loaded = true;
            load(ArchivedClasses.class.getClassLoader());
        }
    }

    /** Loads the listed classes without initialising them; returns how many it found. */
    static int load(ClassLoader loader) {
        int found = 0;
        try (InputStream list = loader.getResourceAsStream(LIST)) {
            if (list == null) {
                return 0;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
            for (String name = lines.readLine(); name != null; name = lines.readLine()) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    link(Class.forName(name.strip(), false, loader));
                    found++;
                } catch (ClassNotFoundException | LinkageError gone) {
                    // Renamed or removed since the list was recorded, or needs an optional library.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + LIST, e);
        }
        return found;
    }

    /**
     * Links a class without initialising it: JDK 17 leaves unlinked classes of this class loader out
     * of the archive. Asking for declared members links a class, but {@code Class} answers an
     * interface's constructors without asking the VM, so an interface is asked for its methods.
     */
    static void link(Class<?> type) {
        if (type.isInterface()) {
            type.getDeclaredMethods();
        } else {
            type.getDeclaredConstructors();
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public int getOrdinal() {
        return 0;
    }

    @Override
    public String getName() {
        return "archived-classes";
    }
}
