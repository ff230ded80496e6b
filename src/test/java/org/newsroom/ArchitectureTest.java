package org.newsroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The package layering of docs/decisions/package-layering.md, checked on the compiled classes of
 * src/main (no Quarkus, no database).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.newsroom");

    private static final String ROOT = "org.newsroom.";

    /** Packages that may use every feature's internals: the seed importer writes every feature's rows. */
    private static final Set<String> MAY_USE_INTERNALS = Set.of("seed");

    /**
     * No cycle between any two top-level packages (article, statement, search, graphql, ...): each
     * may only depend on those below it.
     */
    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.newsroom.(*)..").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * The order of docs/decisions/package-layering.md: each feature uses only those below it, and
     * search, live and syndication use none of each other. (The shared packages below all features
     * cannot use a feature without a cycle, which the rule above refuses.)
     */
    @Test
    void featuresAreLayered() {
        String[] top = { "Entry points", "Search", "Live", "Syndication" };
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry points").definedBy("org.newsroom.compiled..", "org.newsroom.seed..", "org.newsroom.reader..")
                .layer("Search").definedBy("org.newsroom.search..")
                .layer("Live").definedBy("org.newsroom.live..")
                .layer("Syndication").definedBy("org.newsroom.syndication..")
                .layer("Statement").definedBy("org.newsroom.statement..")
                .layer("Article").definedBy("org.newsroom.article..")
                .layer("Speaker").definedBy("org.newsroom.speaker..")
                .layer("Country").definedBy("org.newsroom.country..")
                .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
                .whereLayer("Search").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Live").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Syndication").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Statement").mayOnlyBeAccessedByLayers(top)
                .whereLayer("Article").mayOnlyBeAccessedByLayers(with(top, "Statement"))
                .whereLayer("Speaker").mayOnlyBeAccessedByLayers(with(top, "Statement", "Article"))
                .whereLayer("Country").mayOnlyBeAccessedByLayers(with(top, "Statement", "Article", "Speaker"))
                .check(MAIN);
    }

    private static String[] with(String[] layers, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(layers), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    /**
     * A feature's internals are its JPA entities ({@code *Entity}: the shape of its tables) and its
     * write side ({@code *Mutations}, the GraphQL write API, and {@code *Writes}, the transactions
     * behind it). Other features read through its public types and {@code *Queries}, and learn of
     * its writes from the events it fires.
     */
    @Test
    void noFeatureUsesAnothersInternals() {
        classes().that().resideInAPackage("org.newsroom..").should(useOnlyTheirOwnFeaturesInternals()).check(MAIN);
    }

    /** Every JPA entity is named *Entity, so that the rule above sees it. */
    @Test
    void entitiesAreNamedSo() {
        classes().that().areAnnotatedWith(jakarta.persistence.Entity.class).should().haveSimpleNameEndingWith("Entity")
                .check(MAIN);
    }

    static boolean isInternal(JavaClass type) {
        String name = type.getSimpleName();
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        String outerName = outer.getSimpleName();
        return name.endsWith("Entity") || outerName.endsWith("Mutations") || outerName.endsWith("Writes");
    }

    /** The top-level package under org.newsroom: the feature (or shared package) a class belongs to. */
    static String feature(JavaClass type) {
        String packageName = type.getPackageName();
        if (!packageName.startsWith(ROOT)) {
            return null;
        }
        String rest = packageName.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> useOnlyTheirOwnFeaturesInternals() {
        DescribedPredicate<Dependency> intoAnothersInternals = new DescribedPredicate<>(
                "a dependency on another feature's internals (*Entity, *Mutations, *Writes)") {
            @Override
            public boolean test(Dependency dependency) {
                JavaClass target = dependency.getTargetClass();
                String from = feature(dependency.getOriginClass());
                String to = feature(target);
                return to != null && from != null && !to.equals(from) && !MAY_USE_INTERNALS.contains(from)
                        && isInternal(target);
            }
        };
        return new ArchCondition<>("use only their own feature's internals") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    if (intoAnothersInternals.test(dependency)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
