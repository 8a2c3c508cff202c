package dev.clearance.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A bounded concurrent load on loopback: afterwards the audit file holds exactly one event per decision made, per
 * kind and decision, and no event, no log line and no query answer contains any token that was sent.
 */
@QuarkusTest
class AuditLoadTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int THREADS = 4;
    static final int REQUESTS_PER_THREAD = 150;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "clearance.audit.file.path")
    Path auditFile;

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    final Map<String, LongAdder> decided = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> tokensSent = new ConcurrentLinkedQueue<>();

    @Test
    void writesExactlyOneEventPerDecisionAndNeverAToken() throws Exception {
        Instant start = Instant.now();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger counter = new AtomicInteger();
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        oneRequest(client, counter.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int total = THREADS * REQUESTS_PER_THREAD;

        Map<String, Long> written = awaitWrittenSince(start, total);

        Map<String, Long> expected = new TreeMap<>();
        decided.forEach((k, v) -> expected.put(k, v.sum()));
        assertEquals(expected, written, "audit events per kind/decision equal the decisions made");
        assertEquals(total, written.values().stream().mapToLong(Long::longValue).sum());

        String audit = Files.readString(auditFile);
        String log = Files.readString(logFile);
        String admin = TestTokens.now().claim("groups", List.of("cluster-admins")).sign();
        String window = given().auth().oauth2(admin).queryParam("limit", "1000").get("/audit/events").asString();
        for (String token : tokensSent) {
            String signature = token.contains(".") ? token.substring(token.lastIndexOf('.') + 1) : token;
            assertFalse(audit.contains(token) || audit.contains(signature), "the audit file contains a token");
            assertFalse(log.contains(token) || log.contains(signature), "the log contains a token");
            assertFalse(window.contains(token) || window.contains(signature), "the audit query answer contains a token");
        }
        assertTrue(tokensSent.size() > total / 3);
    }

    void oneRequest(HttpClient client, int n) throws Exception {
        int kind = n % 6;
        String path;
        String body;
        switch (kind) {
            case 0 -> { // valid token
                String token = TestTokens.now().claim("sub", "user:load-" + n).sign();
                tokensSent.add(token);
                path = "/authenticate";
                body = review(token);
            }
            case 1 -> { // a token clearance refuses
                String token = TestTokens.now().claim("aud", "another-cluster").claim("jti", "load-" + n).sign();
                tokensSent.add(token);
                path = "/authenticate";
                body = review(token);
            }
            case 2 -> { // garbage
                String token = "opaque-secret-" + n + "-" + java.util.UUID.randomUUID();
                tokensSent.add(token);
                path = "/authenticate";
                body = review(token);
            }
            case 3 -> {
                path = "/authenticate";
                body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}";
            }
            case 4 -> {
                path = "/authorize";
                body = sar(n % 12 == 4 ? "team-a" : "team-b");
            }
            default -> {
                path = "/authorize";
                body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\"}";
            }
        }
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String webhook = path.equals("/authenticate") ? "authn" : "authz";
        String decision;
        if (response.statusCode() == 400) {
            decision = "error";
        } else {
            JsonNode status = MAPPER.readTree(response.body()).get("status");
            decision = webhook.equals("authn")
                    ? (status.get("authenticated").asBoolean() ? "allow" : "deny")
                    : (status.get("allowed").asBoolean() ? "allow" : "no-opinion");
        }
        decided.computeIfAbsent(webhook + "/" + decision, k -> new LongAdder()).increment();
    }

    /** The events written since {@code start}, by kind and decision, once there are {@code total} (or after 15 s). */
    Map<String, Long> awaitWrittenSince(Instant start, int total) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> writtenSince(start).values().stream().mapToLong(Long::longValue).sum() >= total);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller's assertions say what is missing, with the counts
        }
        return writtenSince(start);
    }

    private Map<String, Long> writtenSince(Instant start) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(auditFile)) {
            JsonNode event = MAPPER.readTree(line);
            if (!Instant.parse(event.get("time").asText()).isBefore(start)) {
                counts.merge(event.get("kind").asText() + "/" + event.get("decision").asText(), 1L, Long::sum);
            }
        }
        return counts;
    }

    static String review(String token) {
        return "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}";
    }

    static String sar(String namespace) {
        return "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"user\":\"oidc:user:load\","
                + "\"groups\":[\"oidc:team-a\"],\"resourceAttributes\":{\"namespace\":\"" + namespace + "\",\"verb\":\"get\","
                + "\"resource\":\"pods\"}}}";
    }
}
