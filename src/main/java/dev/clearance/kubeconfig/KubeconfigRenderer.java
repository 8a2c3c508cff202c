package dev.clearance.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure renderer: a {@link KubeconfigSpec} in, the kubeconfig's YAML out. Jackson writes the YAML, so every name
 * (a {@code #} in {@code pw#prod} included) is quoted as YAML needs and reads back unchanged.
 */
final class KubeconfigRenderer {

    static final String EXEC_API_VERSION = "client.authentication.k8s.io/v1";
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, YAMLGenerator.Feature.SPLIT_LINES).build();

    private KubeconfigRenderer() {}

    static String render(KubeconfigSpec spec) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", spec.server());
        spec.caPem().ifPresent(pem -> cluster.put("certificate-authority-data",
                Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII))));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", spec.clusterName());
        context.put("user", spec.userName());
        spec.namespace().ifPresent(ns -> context.put("namespace", ns));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(named(spec.clusterName(), "cluster", cluster)));
        config.put("users", List.of(named(spec.userName(), "user", Map.of("exec", exec(spec.plugin().exec())))));
        config.put("contexts", List.of(named(spec.contextName(), "context", context)));
        config.put("current-context", spec.contextName());
        config.put("preferences", Map.of());
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kubeconfig of plain strings did not serialise", e);
        }
    }

    private static Map<String, Object> exec(ExecPlugin plugin) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", EXEC_API_VERSION);
        exec.put("command", plugin.command());
        if (!plugin.args().isEmpty()) {
            exec.put("args", plugin.args());
        }
        if (!plugin.env().isEmpty()) {
            List<Map<String, String>> env = new ArrayList<>();
            for (ExecPlugin.EnvVar var : plugin.env()) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("name", var.name());
                entry.put("value", var.value());
                env.add(entry);
            }
            exec.put("env", env);
        }
        plugin.installHint().ifPresent(hint -> exec.put("installHint", hint));
        exec.put("interactiveMode", plugin.interactiveMode().name());
        exec.put("provideClusterInfo", false);
        return exec;
    }

    private static Map<String, Object> named(String name, String key, Object value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(key, value);
        return entry;
    }
}
