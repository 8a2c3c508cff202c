package dev.clearance.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered PrometheusRule's spec, in the plain Prometheus rules format promtool reads, passes
 * {@code promtool check rules} and the unit tests of {@code monitoring/rules-test.yaml} (each alert fires on its
 * input series and stays quiet on a near miss). promtool comes with Debian's {@code prometheus} package (.ci/run).
 */
class MonitoringRulesTest {

    static final Path DIR = Path.of("target", "monitoring-rules");
    static JsonNode spec;

    @BeforeAll
    static void extract() throws Exception {
        spec = MonitoringManifestsTest.named(MonitoringManifestsTest.render(), "PrometheusRule", "clearance").path("spec");
        Files.createDirectories(DIR);
    }

    static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("promtool is missing: install Debian's prometheus package (.ci/run does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool hangs");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void theRulesPassPromtoolCheckRules() throws Exception {
        Files.writeString(DIR.resolve("clearance-rules.yaml"), MonitoringManifestsTest.YAML.writeValueAsString(spec));
        assertTrue(promtool("check", "rules", "clearance-rules.yaml").contains("SUCCESS: 7 rules found"));
    }

    @Test
    void everyAlertFiresOnItsSeriesAndStaysQuietOnANearMiss() throws Exception {
        // promtool compares every annotation of a firing alert: keep the summary (its template is tested), drop the
        // long texts (MonitoringManifestsTest checks that they are there)
        JsonNode rules = spec.deepCopy();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                ((ObjectNode) rule.path("annotations")).retain("summary");
            }
        }
        Files.writeString(DIR.resolve("rules.yaml"), MonitoringManifestsTest.YAML.writeValueAsString(rules));
        try (InputStream tests = getClass().getResourceAsStream("/monitoring/rules-test.yaml")) {
            Files.write(DIR.resolve("rules-test.yaml"), tests.readAllBytes());
        }
        String tested = MonitoringManifestsTest.YAML.readTree(DIR.resolve("rules-test.yaml").toFile()).toString();
        for (String alert : MonitoringManifestsTest.ALERTS) {
            assertTrue(tested.contains("\"alertname\":\"" + alert + "\""), alert + " has no unit test");
        }
        assertTrue(promtool("test", "rules", "rules-test.yaml").contains("SUCCESS"));
    }
}
