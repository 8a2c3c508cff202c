package dev.clearance.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.proxy.ProxyServer;
import dev.clearance.proxy.ScriptedApiServerResource;
import dev.clearance.testsupport.TestTokens;
import dev.clearance.token.AuthConfigFileResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the dashboard and the alerts query exists on a running clearance's {@code /q/metrics}: the names
 * are read out of the rendered objects' PromQL, and the instance runs every meter there is (proxy mode against the
 * scripted API server, an AuthenticationConfiguration file and a policy file, so their reload meters exist) after
 * a TokenReview, a SubjectAccessReview, an AdmissionReview and a proxied request.
 */
@QuarkusTest
@TestProfile(MonitoringMetricsTest.EveryMeter.class)
@WithTestResource(ScriptedApiServerResource.class)
@WithTestResource(AuthConfigFileResource.class)
class MonitoringMetricsTest {

    /** Series other programs publish: Prometheus's own per target, and kube-state-metrics' pod readiness. */
    static final Set<String> NOT_CLEARANCES = Set.of("up", "kube_pod_status_ready");

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ");

    @Inject
    ProxyServer proxy;

    /**
     * Its own configuration profile, as {@code authz.StaticPolicyFileTest} explains: the test profile's inline
     * namespaces cannot be removed, and clearance refuses them next to a policy file. It sets the few keys it needs.
     */
    public static final class EveryMeter implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "monitoring";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "clearance.authz.namespace-source", "static",
                    "clearance.audit.sink", "file",
                    "clearance.audit.file.path", "target/audit-monitoring/audit.jsonl");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PolicyFileResource.class));
        }
    }

    /** namespace-source=static from a file, so the policy's reload meters are registered. */
    public static final class PolicyFileResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path file = Files.createTempDirectory("clearance-monitoring").resolve("policy.properties");
                Files.writeString(file, "clearance.authz.static.namespaces.team-a.group=team-a\n");
                return Map.of("clearance.authz.static-file", file.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            // a temporary file
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String expr : MonitoringManifestsTest.expressions(MonitoringManifestsTest.render())) {
            used.addAll(MonitoringManifestsTest.MetricNames.of(expr));
        }
        assertTrue(used.contains("clearance_decisions_total") && used.contains("http_server_requests_seconds_count"), used.toString());
        used.removeAll(NOT_CLEARANCES);

        exerciseEveryWebhook();
        try {
            // the audit log counts its events off the request thread
            await().atMost(Duration.ofSeconds(10)).until(() -> exported(scrape()).containsAll(used));
        } catch (ConditionTimeoutException e) {
            // the assertion below names the missing ones
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported(scrape()));
        assertEquals(Set.of(), missing, "queried by deploy/monitoring but not on /q/metrics");
    }

    @Test
    void theWebhook5xxAlertsLabelsAreThoseQuarkusExports() {
        exerciseEveryWebhook();
        String metrics = scrape();
        for (String uri : new String[] {"/authenticate", "/authorize", "/admit"}) {
            Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"" + Pattern.quote(uri) + "\"[^}]*}").matcher(metrics);
            assertTrue(m.find(), "no http_server_requests_seconds_count for " + uri);
            assertTrue(m.group().contains("status=\"200\""), m.group());
        }
    }

    @Test
    void theDecisionLatencyHistogramPublishesBuckets() {
        exerciseEveryWebhook();
        assertTrue(scrape().contains("clearance_decision_latency_seconds_bucket{webhook=\"proxy\",le="),
                "histogram_quantile in the dashboard needs buckets");
    }

    static Set<String> exported(String metrics) {
        Set<String> names = new TreeSet<>();
        for (Pattern p : new Pattern[] {SAMPLE, FAMILY}) {
            Matcher m = p.matcher(metrics);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    void exerciseEveryWebhook() {
        given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + TestTokens.now().claim("uid", "u-1").sign() + "\"}}")
                .when().post("/authenticate").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"spec\":{\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:team-a\"],\"resourceAttributes\":{\"namespace\":\"team-a\","
                + "\"verb\":\"get\",\"resource\":\"pods\"}}}").when().post("/authorize").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
                + "\"kind\":{\"group\":\"rbac.authorization.k8s.io\",\"version\":\"v1\",\"kind\":\"RoleBinding\"},"
                + "\"name\":\"rb\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"oidc:user:alice\"},"
                + "\"object\":{\"subjects\":[{\"kind\":\"Group\",\"name\":\"oidc:outsiders\"}],"
                + "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"}}}}").when().post("/admit").then().statusCode(200);
        given().baseUri("http://127.0.0.1:" + proxy.port()).header("Authorization", "Bearer " + TestTokens.now().claim("uid", "u-1").sign())
                .when().get("/api/v1/namespaces/team-a/pods").then().statusCode(200);
    }
}
