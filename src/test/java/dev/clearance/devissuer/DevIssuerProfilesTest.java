package dev.clearance.devissuer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hand-set clearance.dev-issuer.enabled=true stops start-up outside the dev, demo and test profiles. */
class DevIssuerProfilesTest {

    @ParameterizedTest(name = "refused in profile {0}")
    @ValueSource(strings = {"prod", "plain", "staging", "prod,plain"})
    void refusedOutsideDevelopment(String profiles) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DevIssuer.refuseOutsideDevelopment(List.of(profiles.split(","))));

        assertTrue(e.getMessage().startsWith("clearance.dev-issuer.enabled=true is refused in profile " + profiles), e.getMessage());
        assertTrue(e.getMessage().contains("mints tokens for anyone who asks"), e.getMessage());
    }

    @ParameterizedTest(name = "allowed in profile {0}")
    @ValueSource(strings = {"dev", "demo", "test", "prod,demo"})
    void allowedInDevelopment(String profiles) {
        assertDoesNotThrow(() -> DevIssuer.refuseOutsideDevelopment(List.of(profiles.split(","))));
    }
}
