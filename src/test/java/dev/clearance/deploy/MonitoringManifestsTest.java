package dev.clearance.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/monitoring as an operator uses it: an overlay next to deploy/base with {@code components: [../monitoring]}
 * renders with {@code kubectl kustomize}, and the ServiceMonitor, PrometheusRule and dashboard ConfigMap are what
 * Prometheus Operator and Grafana's sidecar expect. Also home of {@link #render()} and {@link #expressions()}, which
 * the rules and metrics tests read.
 */
class MonitoringManifestsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> ALERTS = Set.of("ClearanceIssuerWithoutKeys", "ClearanceIssuerKeySetStale", "ClearanceJwksFetchFailing",
            "ClearanceWebhook5xx", "ClearanceAuditEventsDropped", "ClearanceRefusalRateHigh", "ClearanceReadinessFlapping");

    static List<JsonNode> objects;

    @BeforeAll
    static void rendered() throws Exception {
        objects = render();
    }

    /** Renders an overlay of deploy/base with the component, written where an operator's overlay would sit. */
    static List<JsonNode> render() throws Exception {
        Path overlay = Path.of("target", "monitoring-example");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: clearance
                resources:
                  - ../../deploy/base
                components:
                  - ../../deploy/monitoring
                """);
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), errors);
        List<JsonNode> docs = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                docs.add(YAML.readTree(doc));
            }
        }
        return docs;
    }

    static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static JsonNode dashboard(List<JsonNode> docs) throws Exception {
        return JSON.readTree(named(docs, "ConfigMap", "clearance-dashboard").path("data").path("clearance.json").asText());
    }

    /** Every PromQL expression of the rendered rules and dashboard panels. */
    static List<String> expressions(List<JsonNode> docs) throws Exception {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : named(docs, "PrometheusRule", "clearance").path("spec").path("groups")) {
            group.path("rules").forEach(rule -> exprs.add(rule.path("expr").asText()));
        }
        for (JsonNode panel : dashboard(docs).path("panels")) {
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
        }
        return exprs;
    }

    @Test
    void theServiceMonitorScrapesTheClearanceServicesHttpsPortWithTheDeploymentsCa() {
        JsonNode monitor = named(objects, "ServiceMonitor", "clearance");
        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        assertEquals("clearance", monitor.path("metadata").path("namespace").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("https", endpoint.path("scheme").asText());
        JsonNode ca = endpoint.path("tlsConfig").path("ca").path("secret");
        assertEquals("ca.crt", ca.path("key").asText());
        assertEquals("clearance.clearance.svc", endpoint.path("tlsConfig").path("serverName").asText());

        String secret = ca.path("name").asText();
        boolean mounted = false;
        for (JsonNode volume : named(objects, "Deployment", "clearance").path("spec").path("template").path("spec").path("volumes")) {
            mounted |= volume.path("secret").path("secretName").asText().equals(secret);
        }
        assertTrue(mounted, "the scrape trusts the CA of the secret the deployment serves from, not " + secret);

        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        List<String> selected = new ArrayList<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("Service")).forEach(service -> {
            boolean matches = true;
            for (var label : (Iterable<java.util.Map.Entry<String, JsonNode>>) selector::fields) {
                matches &= service.path("metadata").path("labels").path(label.getKey()).asText().equals(label.getValue().asText());
            }
            boolean hasPort = false;
            for (JsonNode port : service.path("spec").path("ports")) {
                hasPort |= port.path("name").asText().equals(endpoint.path("port").asText());
            }
            if (matches && hasPort) {
                selected.add(service.path("metadata").path("name").asText());
            }
        });
        assertEquals(List.of("clearance"), selected, "exactly the webhook Service is scraped, on its named port");
    }

    @Test
    void everyAlertHasASummaryADescriptionAndARunbook() {
        JsonNode rule = named(objects, "PrometheusRule", "clearance");
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        Set<String> names = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                String name = alert.path("alert").asText();
                names.add(name);
                for (String annotation : List.of("summary", "description")) {
                    assertFalse(alert.path("annotations").path(annotation).asText().isBlank(), name + " has no " + annotation);
                }
                String runbook = alert.path("annotations").path("runbook").asText();
                for (String part : List.of("Meaning:", "Check:", "Do:")) {
                    assertTrue(runbook.contains(part), name + "'s runbook says no " + part);
                }
            }
        }
        assertEquals(new TreeSet<>(ALERTS), names);
    }

    @Test
    void theDashboardIsAConfigMapForGrafanasSidecarHoldingTheFileAsIs() throws Exception {
        JsonNode map = named(objects, "ConfigMap", "clearance-dashboard");
        assertEquals("1", map.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(JSON.readTree(Files.readString(Path.of("deploy", "monitoring", "dashboard.json"))), dashboard(objects));
    }

    @Test
    void everyPanelHasATitleAndAtLeastOneQuery() throws Exception {
        JsonNode panels = dashboard(objects).path("panels");
        assertTrue(panels.size() >= 9, "one panel per thing the issue lists");
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertFalse(title.isBlank(), "a panel without a title: " + panel);
            assertTrue(panel.path("targets").size() > 0, title + " has no target");
            panel.path("targets").forEach(t -> assertFalse(t.path("expr").asText().isBlank(), title + " has an empty query"));
        }
    }

    static Stream<Arguments> promql() {
        return Stream.of(
                Arguments.of("a bare selector", "up", Set.of("up")),
                Arguments.of("label matchers are not names", "a_total{webhook=\"authn\", decision=~\"deny|error\"}", Set.of("a_total")),
                Arguments.of("functions, aggregations and grouping labels are not names",
                        "sum by (webhook, le) (rate(b_bucket{x=\"y\"}[5m]))", Set.of("b_bucket")),
                Arguments.of("a Grafana variable in a range is not a name", "rate(c_total[$__rate_interval])", Set.of("c_total")),
                Arguments.of("both sides of a binary operator, without on() labels",
                        "d > 3 * 600 and on (pod) e == 0 unless ignoring (issuer) f", Set.of("d", "e", "f")),
                Arguments.of("offset and its duration are not names", "rate(g[1d] offset 1h) > bool 0", Set.of("g")),
                Arguments.of("a histogram quantile's parameter is a number", "histogram_quantile(0.99, h_bucket)", Set.of("h_bucket")),
                Arguments.of("words inside strings are not names", "i{uri=~\"/authenticate|/authorize\"} or j", Set.of("i", "j")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promql")
    void metricNamesAreReadOutOfPromQl(String name, String expr, Set<String> names) {
        assertEquals(names, MetricNames.of(expr));
    }

    /** Reads the metric names out of a PromQL expression: the identifiers that are no function, keyword or label. */
    static final class MetricNames {

        private static final Set<String> WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
                "bottomk", "quantile", "count_values", "group", "rate", "irate", "increase", "delta", "idelta", "deriv", "changes",
                "resets", "histogram_quantile", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time",
                "count_over_time", "last_over_time", "absent", "absent_over_time", "abs", "ceil", "floor", "round", "clamp_min",
                "clamp_max", "label_replace", "label_join", "label_values", "vector", "scalar", "time", "timestamp", "sort",
                "sort_desc", "predict_linear", "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
                "group_left", "group_right", "inf", "nan");

        private MetricNames() {}

        static Set<String> of(String expr) {
            String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")                     // strings
                    .replaceAll("\\{[^}]*}", " ")                                            // label matchers
                    .replaceAll("\\[[^]]*]", " ")                                            // ranges
                    .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                    .replaceAll("(?i)\\boffset\\s+\\w+", " ")
                    .replaceAll("\\$\\w+", " ");
            Set<String> names = new TreeSet<>();
            var m = java.util.regex.Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
            while (m.find()) {
                if (!WORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
                    names.add(m.group());
                }
            }
            return names;
        }
    }
}
