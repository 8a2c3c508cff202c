package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file kube-apiserver would reject stops clearance at start-up, with a non-zero exit and kube-apiserver's messages
 * (every one of them, each with its field path), instead of a service running with fewer issuers than configured.
 */
@QuarkusMainTest
@TestProfile(InvalidConfigFileStartupTest.InvalidFile.class)
class InvalidConfigFileStartupTest {

    static final Path FILE = Path.of("target", "invalid-authentication-config.yaml");

    public static class InvalidFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, """
                        apiVersion: apiserver.config.k8s.io/v1
                        kind: AuthenticationConfiguration
                        jwt:
                          - issuer:
                              url: https://platform.example.com
                              audiences: [a, b]
                            claimMappings:
                              username:
                                claim: sub
                          - issuer:
                              url: https://platform.example.com
                              audiences: [c]
                            claimMappings:
                              username:
                                expression: "claims.sub +"
                        """);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("clearance.authn.config-file", FILE.toAbsolutePath().toString());
        }
    }

    @Test
    void refusesToStartAndNamesEveryFieldAtFault(QuarkusMainLauncher launcher) {
        LaunchResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> launcher.launch());
        String output = result.getOutput() + result.getErrorOutput();

        assertEquals(1, result.exitCode(), output);
        assertTrue(output.contains("jwt[0].issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be MatchAny "
                + "for multiple audiences"), output);
        assertTrue(output.contains("jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. "
                + "It can be set to an empty string to disable prefixing"), output);
        assertTrue(output.contains("jwt[1].claimMappings.username.expression: Invalid value: \"claims.sub +\": compilation failed"),
                output);
        assertTrue(output.contains("jwt[1].issuer.url: Duplicate value: \"https://platform.example.com\""), output);
    }
}
