package dev.clearance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's join recipe, {@code deploy/recipes/join-audit.sh}, run with the real {@code jq} over the sample logs in
 * {@code src/test/resources/audit}: a hand-written API-server audit log ({@code audit.k8s.io/v1} Events, webhook-mode
 * and proxy-mode requests) and the matching clearance audit log. The output is compared line for line.
 */
class JoinAuditRecipeTest {

    static final Path RECIPE = Path.of("deploy/recipes/join-audit.sh");
    static final Path SAMPLES = Path.of("src/test/resources/audit");
    static final Path CLEARANCE = SAMPLES.resolve("clearance-audit.jsonl");
    static final Path APISERVER = SAMPLES.resolve("apiserver-audit.jsonl");
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(String name, String credentialId, String expectedFile) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> credentials() {
        return Stream.of(
                new Case("alice's token: webhook requests by TokenReview extra and SAR reason, proxy requests by audit ID, "
                        + "cache hits and a refused proxy request too", "JTI=7c0e-11", "join-alice.expected"),
                new Case("bob's token: only bob's decisions and requests", "JTI=b0b-22", "join-bob.expected"),
                new Case("the proxy's own service-account credential names no proxied request (the impersonated user's counts)",
                        "JTI=2e8d4f10-7a6b-4c5d-8e9f-0a1b2c3d4e5f", null),
                new Case("a bare jti is not a credential id", "7c0e-11", null),
                new Case("an unknown credential finds nothing", "JTI=unknown", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void joinsTheTwoLogsForOneCredential(Case c) throws Exception {
        List<String> expected = c.expectedFile() == null ? List.of() : Files.readAllLines(SAMPLES.resolve(c.expectedFile()));

        assertEquals(expected, run(c.credentialId(), CLEARANCE, APISERVER));
    }

    @Test
    void skipsLinesThatAreNotEventsAsInAPodsStdout(@TempDir Path dir) throws Exception {
        List<String> mixed = new ArrayList<>();
        for (String line : Files.readAllLines(CLEARANCE)) {
            mixed.add("10:00:00.000 INFO  [io.quarkus] a log line between events");
            mixed.add(line);
        }
        mixed.add("{not json");
        Path log = Files.write(dir.resolve("stdout.log"), mixed);

        assertEquals(Files.readAllLines(SAMPLES.resolve("join-alice.expected")), run("JTI=7c0e-11", log, APISERVER));
    }

    @Test
    void refusesToRunWithoutItsThreeArguments() throws Exception {
        Process p = new ProcessBuilder("sh", RECIPE.toString(), "JTI=7c0e-11").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(out.contains("usage:"), out);
    }

    /** The sample clearance log is in the shape clearance writes: known fields only, in the event's own order. */
    @Test
    void theSampleClearanceLogHasTheFieldsOfAnAuditEventInOrder() throws IOException {
        List<String> components = Arrays.stream(AuditEvent.class.getRecordComponents()).map(r -> r.getName())
                .collect(Collectors.toList());
        for (String line : Files.readAllLines(CLEARANCE)) {
            List<String> names = new ArrayList<>();
            JSON.readTree(line).fieldNames().forEachRemaining(names::add);
            List<String> inOrder = new ArrayList<>(components);
            inOrder.retainAll(names);
            assertEquals(inOrder, names, line);
            assertEquals(List.of("time", "decisionId", "kind"), names.subList(0, 3), line);
        }
    }

    /** The sample API-server log has what every audit.k8s.io/v1 Event has, and the proxied ones an impersonated user. */
    @Test
    void theSampleApiServerLogIsAuditK8sIoV1Events() throws IOException {
        for (String line : Files.readAllLines(APISERVER)) {
            JsonNode event = JSON.readTree(line);
            assertEquals("Event", event.path("kind").asText(), line);
            assertEquals("audit.k8s.io/v1", event.path("apiVersion").asText(), line);
            for (Iterator<String> required = List.of("level", "auditID", "stage", "requestURI", "verb", "user",
                    "requestReceivedTimestamp", "stageTimestamp").iterator(); required.hasNext();) {
                String field = required.next();
                assertTrue(event.has(field), field + " in " + line);
            }
            boolean proxied = event.path("user").path("username").asText().startsWith("system:serviceaccount:");
            assertEquals(proxied, event.has("impersonatedUser"), line);
        }
    }

    static List<String> run(String credentialId, Path clearance, Path apiserver) throws Exception {
        Process p = new ProcessBuilder("sh", RECIPE.toString(), credentialId, clearance.toString(), apiserver.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jq did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
