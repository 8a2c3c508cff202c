package dev.clearance.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code clearance.authn.config-file} end to end: issuers from an AuthenticationConfiguration over a real HTTPS
 * discovery and JWKS server trusted through the file's {@code certificateAuthority}, CEL mappings and rules, and the
 * file rewritten under the running service (a new issuer, a broken file, a removed issuer).
 */
@QuarkusTest
@WithTestResource(AuthConfigFileResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticationConfigFileTest {

    static ValidatableResponse authenticate(String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}")
                .when().post("/authenticate").then().statusCode(200);
    }

    static String server() {
        return ConfigProvider.getConfig().getValue("test.authfile.server", String.class);
    }

    static Path file() {
        return Path.of(ConfigProvider.getConfig().getValue("test.authfile.path", String.class));
    }

    static TestTokens token(String tenant) {
        return TestTokens.now().claim("iss", server() + "/" + tenant).claim("tenant", tenant)
                .signedBy(tenant.equals("file-a") ? TestKeys.RSA_1 : TestKeys.RSA_2, "RS256")
                .kid(tenant.equals("file-a") ? "rsa-1" : "rsa-2");
    }

    /**
     * Replaces the file in one step, as kubelet updates a mounted ConfigMap: a plain rewrite truncates first, and a
     * poll in between would see a file that is half written (and count it as a failed reload).
     */
    static void replace(String content) throws java.io.IOException {
        Path next = file().resolveSibling(file().getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static double metric(String series) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static void awaitAuthenticated(String token, boolean expected) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                authenticate(token).body("status.authenticated", equalTo(expected)));
    }

    @Test
    @Order(1)
    void aFileIssuerGivesTheIdentityItsMappingsSay() throws Exception {
        awaitAuthenticated(token("file-a").claim("jti", "t-1").sign(), true);
        String log = Files.readString(Path.of("target/audit-test/clearance.log"));
        assertTrue(log.contains(file() + ": anonymous is ignored"), "the start-up warning is logged");

        authenticate(token("file-a").claim("jti", "t-2").claim("level", 3).claim("team-name", "blue").sign())
                .body("status.user.username", equalTo("oidc:user:alice"))
                .body("status.user.uid", equalTo("user:alice"))
                .body("status.user.groups", equalTo(List.of("oidc:team-a", "oidc:cluster-scope")))
                .body("status.user.extra['clearance.dev/decision-id'][0]", org.hamcrest.Matchers.matchesPattern(
                        "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("status.user.extra.findAll { it.key != 'clearance.dev/decision-id' }", equalTo(Map.of(
                        "clearance.dev/platform-host", List.of("platform.test.example"),
                        "example.com/level", List.of("3"),
                        "example.com/dashed", List.of("blue"),
                        "authentication.kubernetes.io/credential-id", List.of("JTI=t-2"))));
    }

    @Test
    @Order(2)
    void theFilesRulesRefuseWithTheirMessages() {
        authenticate(token("file-a").claim("sub", "svc:robot").sign())
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("platform user tokens have a sub of user:<name>"));
        authenticate(token("file-a").claim("tenant", "someone-else").sign())
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("required claim tenant must be \"file-a\""));
        authenticate(token("file-a").claim("sub", "user:blocked-bob").sign())
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("blocked users may not log in"));
        authenticate(token("file-a").claim("groups", List.of("a", 7)).sign())
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("groups expression"));
    }

    @Test
    @Order(3)
    void theFileIsReloadedLiveAndABrokenFileChangesNothing() throws Exception {
        String a = token("file-a").sign();
        String b = token("file-b").sign();
        authenticate(b).body("status.authenticated", equalTo(false)).body("status.error", containsString("is not trusted"));
        double successes = metric("clearance_authn_config_reloads_total{status=\"success\"}");
        double failures = metric("clearance_authn_config_reloads_total{status=\"failure\"}");

        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-a", "file-b"));
        awaitAuthenticated(b, true);
        assertEquals(successes + 1, metric("clearance_authn_config_reloads_total{status=\"success\"}"));

        replace("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n"
                + "  - issuer: {url: " + server() + "/file-a, audiences: [cluster-test], discoveryUrl: x}\n");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                metric("clearance_authn_config_reloads_total{status=\"failure\"}") == failures + 1);
        authenticate(a).body("status.authenticated", equalTo(true));
        authenticate(token("file-b").sign()).body("status.authenticated", equalTo(true));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("clearance_authn_config_info{hash=\"sha256:"), metrics);

        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-b"));
        awaitAuthenticated(token("file-a").sign(), false);
        authenticate(token("file-a").sign()).body("status.error", containsString("is not trusted"));
        authenticate(token("file-b").sign()).body("status.authenticated", equalTo(true));
    }

    @Test
    @Order(4)
    void aRemovedIssuersCachedVerdictsAreDropped() throws Exception {
        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-a", "file-b"));
        String b = token("file-b").sign();
        awaitAuthenticated(b, true);
        authenticate(b).body("status.authenticated", equalTo(true)); // now cached (cache-ttl 2m)

        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-a"));
        awaitAuthenticated(b, false);
    }

    @Test
    @Order(5)
    void aFileWhoseNewIssuerGetsNoKeysIsRefusedAfterTheReloadTimeout() throws Exception {
        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-a"));
        awaitAuthenticated(token("file-a").sign(), true);
        double failures = metric("clearance_authn_config_reloads_total{status=\"failure\"}");

        // no tenant "file-none" on the server: its discovery answers 404, so it never gets keys
        replace(AuthConfigFileResource.AuthConfigFiles.withIssuers(server(), "file-a", "file-none"));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                metric("clearance_authn_config_reloads_total{status=\"failure\"}") == failures + 1);

        authenticate(token("file-a").sign()).body("status.authenticated", equalTo(true));
        authenticate(TestTokens.now().claim("iss", server() + "/file-none").claim("tenant", "file-none").sign())
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("is not trusted"));
        given().get("/q/health/ready").then().body(org.hamcrest.Matchers.not(containsString("file-none")));
    }
}
