package dev.clearance.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The compiled service (not its tests) keeps to the feature graph of {@link Architecture}. */
class ArchitectureTest {

    static final String ROOT = "dev.clearance";
    static JavaClasses service;

    @BeforeAll
    static void importService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void everyFeatureIsInTheTable() {
        Set<String> features = Arrays.stream(new File("src/main/java/dev/clearance").listFiles(File::isDirectory))
                .map(File::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(features, new TreeSet<>(Architecture.ALLOWED.keySet()), "a new feature needs a line in Architecture.ALLOWED");
        assertTrue(service.size() > 200, "the service's classes were imported: " + service.size());
    }

    @Test
    void theFeaturesFormNoCycle() {
        Architecture.acyclic(ROOT).check(service);
    }

    static Stream<String> features() {
        return Architecture.ALLOWED.keySet().stream();
    }

    @ParameterizedTest(name = "{0} uses only what the table allows")
    @MethodSource("features")
    void eachFeatureUsesOnlyWhatItMay(String feature) {
        Architecture.onlyAllowedDependencies(ROOT, feature).check(service);
    }

    static Stream<Arguments> internals() {
        return Stream.of(Arguments.of("token", "cel"), Arguments.of("token", "authconfig"), Arguments.of("proxy", "rbac"));
    }

    @ParameterizedTest(name = "{0}.{1} is used by {0} only")
    @MethodSource("internals")
    void internalsStayInside(String feature, String subpackage) {
        Architecture.internalsStayInside(ROOT, feature, subpackage).check(service);
    }

    static Stream<String> pureCores() {
        return Architecture.PURE_CORES.stream();
    }

    @ParameterizedTest(name = "{0} is plain Java")
    @MethodSource("pureCores")
    void pureCoresUseNoFramework(String core) {
        Architecture.pure(ROOT, core).check(service);
    }

    // ---- the same rules fail where they should: dev.clearance.archfixture breaks each one on purpose -------------

    static final String FIXTURE = ROOT + ".archfixture";

    static JavaClasses fixture() {
        return new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void aCycleIsReported() {
        AssertionError error = assertThrows(AssertionError.class, () -> Architecture.acyclic(FIXTURE).check(fixture()));
        assertTrue(error.getMessage().contains("Cycle detected"), error.getMessage());
    }

    @Test
    void aForbiddenImportIsReported() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Architecture.onlyAllowedDependencies(FIXTURE, "proxy").check(fixture()));
        assertTrue(error.getMessage().contains("ReviewerInternals"), error.getMessage());
    }

    @Test
    void aFrameworkInAPureCoreIsReported() {
        AssertionError error = assertThrows(AssertionError.class, () -> Architecture.pure(FIXTURE, "proxy.ProxyShell")
                .check(new ClassFileImporter().importPackages(FIXTURE, "io.vertx.core.buffer")));
        assertTrue(error.getMessage().contains("Buffer"), error.getMessage());
    }

    @Test
    void anInternalUsedOutsideIsReported() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Architecture.internalsStayInside(FIXTURE, "token", "cel").check(fixture()));
        assertTrue(error.getMessage().contains("Expressions"), error.getMessage());
    }
}
