package dev.clearance.authz;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.common.WatchedFile;
import dev.clearance.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * namespace-source=static with clearance.authz.static-file: edits of the mounted file change decisions over HTTP
 * without a restart, and a broken edit changes nothing but the failure counter.
 *
 * <p>The profile runs under its own configuration profile, {@code static-file}, rather than {@code test}: the
 * test profile's inline {@code %test.clearance.authz.static.namespaces.*} would otherwise apply, and a
 * {@code QuarkusTestProfile} can override a key but not remove one (an empty {@code .group} still makes the map key
 * exist). So none of the {@code %test.} keys apply here, and the profile sets the few it needs itself.
 */
@QuarkusTest
@TestProfile(StaticPolicyFileTest.FromAFile.class)
class StaticPolicyFileTest {

    static final Path FILE = Path.of("target", "static-policy-file-test", "policy.properties").toAbsolutePath();
    static final Path JWKS = FILE.resolveSibling("jwks.json");
    static final String P = "clearance.authz.static.namespaces.";
    static final String INITIAL = P + "team-a.group=team-a\n";
    static final Duration WITHIN = Duration.ofSeconds(5);

    public static final class FromAFile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "static-file";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "clearance.authz.namespace-source", "static",
                    "clearance.authz.static-file", FILE.toString(),
                    "clearance.authz.static-file-poll-interval", "200ms",
                    // an issuer is required to start (the dev issuer is refused outside dev, demo and test)
                    "clearance.issuers.static.issuer", "https://issuer.example.test",
                    "clearance.issuers.static.audiences", "cluster-1",
                    "clearance.issuers.static.jwks-file", JWKS.toString(),
                    "clearance.audit.sink", "none");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(InitialFile.class));
        }
    }

    /** The file must exist before start-up: a missing file fails it. */
    public static final class InitialFile implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            write(INITIAL);
            try {
                Files.writeString(JWKS, TestKeys.jwks(TestKeys.RSA_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of();
        }

        @Override
        public void stop() {}
    }

    /** As kubelet updates a mounted ConfigMap: the new content appears whole, never half-written. */
    static void write(String content) {
        try {
            Files.createDirectories(FILE.getParent());
            Path next = FILE.resolveSibling("policy.properties.next");
            Files.writeString(next, content, StandardCharsets.UTF_8);
            Files.move(next, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonPath review(String group, String namespace) {
        String body = "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":"
                + "{\"namespace\":\"" + namespace + "\",\"verb\":\"get\",\"resource\":\"pods\"},"
                + "\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:" + group + "\",\"system:authenticated\"]}}";
        return given().contentType(ContentType.JSON).body(body).when().post("/authorize").then().statusCode(200)
                .extract().jsonPath();
    }

    static boolean allowed(String group, String namespace) {
        return review(group, namespace).getBoolean("status.allowed");
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double metric(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static double reloads(String status) {
        return metric(metrics(), "clearance_authz_policy_reloads_total{status=\"" + status + "\"}");
    }

    static String sha256(String content) {
        return WatchedFile.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void theInitialPolicyIsInUse() {
        write(INITIAL);
        Awaitility.await("the initial policy file is in use").atMost(WITHIN)
                .until(() -> metric(metrics(), "clearance_authz_policy_info{hash=\"" + sha256(INITIAL) + "\"}") == 1.0);
    }

    @Test
    void grantsANamespaceOnceTheFileGivesIt() {
        assertEquals(false, allowed("auditors", "team-c"));
        double before = reloads("success");
        String withTeamC = INITIAL + P + "team-c.group=team-c\n" + P + "team-c.grants.auditors=viewer\n";

        write(withTeamC);

        Awaitility.await("team-c is granted to auditors").atMost(WITHIN).until(() -> allowed("auditors", "team-c"));
        String text = metrics();
        assertEquals(before + 1, metric(text, "clearance_authz_policy_reloads_total{status=\"success\"}"));
        assertEquals(1.0, metric(text, "clearance_authz_policy_info{hash=\"" + sha256(withTeamC) + "\"}"));
        assertEquals(Double.NaN, metric(text, "clearance_authz_policy_info{hash=\"" + sha256(INITIAL) + "\"}"),
                "the previous hash's series is removed");
        double last = metric(text, "clearance_authz_policy_last_reload_timestamp_seconds");
        assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - last) < 60, "last reload at " + last);
    }

    @Test
    void keepsEveryDecisionWhenTheFileIsBroken() {
        double failures = reloads("failure");

        write(INITIAL + P + "team-c.group=team-c\n" + P + "team-c.grants.auditors=reader\n");

        Awaitility.await("the broken file is counted").atMost(WITHIN).until(() -> reloads("failure") > failures);
        assertEquals(true, allowed("team-a", "team-a"));
        assertEquals(false, allowed("auditors", "team-c"));
        assertEquals(1.0, metric(metrics(), "clearance_authz_policy_info{hash=\"" + sha256(INITIAL) + "\"}"));
        assertEquals("UP", given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == 'group-namespaces' }.status"));
    }

    @Test
    void hasNoOpinionOnceANamespaceIsRemoved() {
        assertEquals(true, allowed("team-a", "team-a"));

        write(P + "team-b.group=team-b\n");

        Awaitility.await("team-a is no longer a group namespace").atMost(WITHIN)
                .until(() -> !review("team-a", "team-a").getBoolean("status.allowed"));
        JsonPath answer = review("team-a", "team-a");
        assertTrue(answer.getString("status.reason").startsWith("namespace team-a is not a group namespace; clearance decision "),
                answer.getString("status.reason"));
        assertNull(answer.get("status.denied"));
        assertEquals(true, allowed("team-b", "team-b"));
    }
}
