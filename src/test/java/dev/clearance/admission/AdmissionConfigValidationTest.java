package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** clearance.admission.* is validated at start-up with a sentence naming the property. */
class AdmissionConfigValidationTest {

    static final String PROPERTY = "clearance.admission.protected-namespaces";

    record Case(String name, String entry) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalidProtectedNamespaces() {
        return Stream.of(
                new Case("an upper-case letter", "Kube-System"),
                new Case("a dot (a DNS subdomain, not a label)", "team.a"),
                new Case("an empty entry", ""),
                new Case("a leading hyphen", "-system"),
                new Case("a trailing hyphen", "system-"),
                new Case("a space inside", "kube system"),
                new Case("64 characters", "a".repeat(64)),
                new Case("a wildcard", "kube-*"));
    }

    @ParameterizedTest(name = "rejects a protected namespace with {0}")
    @MethodSource("invalidProtectedNamespaces")
    void rejectsProtectedNamespacesThatAreNotNamespaceNames(Case c) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> AdmissionBeans.protectedNamespaces(List.of("clearance", c.entry())));

        assertTrue(e.getMessage().startsWith(PROPERTY + " "), e.getMessage());
        assertEquals(Set.of(PROPERTY), e.getConfigKeys());
    }

    @Test
    void acceptsTheDefaultAndTrimsEntries() {
        assertEquals(Set.of("clearance", "kube-system", "kube-public", "kube-node-lease", "a".repeat(63)),
                AdmissionBeans.protectedNamespaces(List.of("clearance", " kube-system", "kube-public ", "kube-node-lease", "a".repeat(63))));
    }
}
