package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clearance.testsupport.TestIssuersResource;
import dev.clearance.testsupport.TestTokens;
import dev.clearance.testsupport.Vectors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded mutation fuzzer over the shared wire vectors: thousands of malformed or adversarial reviews per webhook,
 * each of which must get an answer below 500, in bounded time, with exactly one audit event. Byte-level damage
 * (flips, invalid UTF-8, truncation), JSON-level damage (a field of the wrong type, deep nesting, huge strings,
 * duplicate keys) and the inputs a field is parsed from (crafted JWS tokens, CSR PEM bodies) are all in the mix.
 *
 * <p>Reproduce a failure with {@code -Dclearance.fuzz.seed=<seed>} (printed in the failure and the log);
 * {@code -Dclearance.fuzz.cases=<n>} sets the cases per webhook.
 */
@QuarkusTest
@WithTestResource(TestIssuersResource.class)
class WebhookFuzzTest {

    private static final Logger LOG = Logger.getLogger(WebhookFuzzTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final long SEED = Long.getLong("clearance.fuzz.seed", 20261201L);
    static final int CASES = Integer.getInteger("clearance.fuzz.cases", 3000);

    @Inject
    MeterRegistry registry;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authn", "authz", "admission"})
    void malformedReviewsNeverGet5xxNeverHangAndAreEachAudited(String webhook) throws Exception {
        String path = switch (webhook) {
            case "authn" -> "/authenticate";
            case "authz" -> "/authorize";
            default -> "/admit";
        };
        List<byte[]> seeds = seeds(webhook);
        Random random = new Random(SEED ^ webhook.hashCode());
        Mutator mutator = new Mutator(random);
        double auditedBefore = audited(webhook);
        URI uri = URI.create("http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class) + path);
        LOG.infof("fuzzing %s with %d cases, seed %d", path, CASES, SEED);
        int[] byStatus = new int[6];
        for (int i = 0; i < CASES; i++) {
            byte[] body = mutator.mutate(seeds.get(random.nextInt(seeds.size())));
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                fail(webhook + " case " + i + " (seed " + SEED + ") got no answer within 10 s: " + show(body));
                return;
            }
            byStatus[Math.min(5, response.statusCode() / 100)]++;
            if (response.statusCode() >= 500) {
                fail(webhook + " case " + i + " (seed " + SEED + ") got HTTP " + response.statusCode() + " " + response.body()
                        + " for " + show(body));
            }
            assertTrue(response.statusCode() == 200 || response.statusCode() == 400 || response.statusCode() == 413,
                    webhook + " case " + i + ": HTTP " + response.statusCode() + " for " + show(body));
            JsonNode answer = JSON.readTree(response.body());
            assertTrue(answer.isObject() && answer.has("kind"), "every answer is a review or a Status: " + response.body());
        }
        LOG.infof("%s: %d answered 2xx, %d 4xx", path, byStatus[2], byStatus[4]);
        double audited = audited(webhook) - auditedBefore;
        assertEquals(CASES, audited, 0.0, "one audit event per answer");
    }

    private double audited(String webhook) {
        return registry.find("clearance.decisions").tag("webhook", webhook).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static List<byte[]> seeds(String webhook) throws IOException {
        String prefix = switch (webhook) {
            case "authn" -> "tr";
            case "authz" -> "sar";
            default -> "adm";
        };
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Vectors.names(prefix)) {
            JsonNode request = Vectors.load(name).get("request");
            seeds.add(JSON.writeValueAsBytes(request));
            if (webhook.equals("authn")) {
                ObjectNode signed = request.deepCopy();
                ((ObjectNode) signed.path("spec")).put("token", TestTokens.now().sign());
                seeds.add(JSON.writeValueAsBytes(signed));
            }
        }
        if (webhook.equals("admission")) {
            seeds.addAll(AdmissionSeeds.all());
        }
        return seeds;
    }

    private static String show(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (char c : text.substring(0, Math.min(text.length(), 600)).toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out + (text.length() > 600 ? "…(" + text.length() + " bytes)" : "");
    }
}
