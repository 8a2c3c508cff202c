package dev.clearance.devissuer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The development issuer trusted through {@code deploy/dev/authentication-config.yaml} instead of the profile's
 * built-in short-form block, which steps aside for a file entry with the same URL: the README's demo gives the same
 * identity either way.
 */
@QuarkusTest
@WithTestResource(DevIssuerFileTest.DevFile.class)
class DevIssuerFileTest {

    /** The repository's dev file, pointed at the test port. */
    public static class DevFile implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                String yaml = Files.readString(Path.of("deploy/dev/authentication-config.yaml"))
                        .replace("http://localhost:8080/dev-issuer", DevIssuerTest.ISSUER);
                Path file = Files.createTempFile("clearance-dev-authn", ".yaml");
                Files.writeString(file, yaml);
                return Map.of("clearance.authn.config-file", file.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void theReadmeDemoGivesTheSameIdentityThroughTheFile() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/q/health/ready").asString().matches("(?s).*\"" + DevIssuerTest.ISSUER.substring("http://".length()) + "\"\\s*:\\s*\"[0-9]+ keys.*"));
        given().get("/q/health/ready").then().body(not(containsString("\"dev\":")));
        String token = DevIssuerTest.mint("user", "alice", "groups", "team-a");

        DevIssuerTest.authenticate(token)
                .body("status.authenticated", equalTo(true))
                .body("status.user.username", equalTo("oidc:user:alice"))
                .body("status.user.groups", equalTo(List.of("oidc:team-a", "oidc:cluster-scope")))
                .body("status.user.extra.'clearance.dev/platform-host'", equalTo(List.of("localhost")));
    }
}
