package dev.clearance.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.config.AdmissionConfig;
import dev.clearance.config.AuditConfig;
import dev.clearance.config.AuthnConfig;
import dev.clearance.config.AuthzConfig;
import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.IssuersConfig;
import dev.clearance.config.ProxyConfig;
import dev.clearance.config.TlsConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl kustomize deploy/proxy renders, and the proxy overlay agrees with the code: keys, port, RBAC. */
class ProxyManifestsTest {

    static List<HasMetadata> objects = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", "deploy/proxy").redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), errors);
        for (String doc : yaml.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                objects.add(Serialization.unmarshal(doc));
            }
        }
    }

    static <T extends HasMetadata> T named(Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static Properties config() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(named(ConfigMap.class, "clearance-config").getData().get("application.properties")));
        return properties;
    }

    @Test
    void proxyModeIsOnWithKeysTheCodeReads() throws Exception {
        Properties properties = config();
        List<Pattern> known = ConfigKeys.of(IssuersConfig.class, AuthnConfig.class, AuthzConfig.class, AdmissionConfig.class,
                AuditConfig.class, DevIssuerConfig.class, TlsConfig.class, ProxyConfig.class);
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("clearance.")) {
                assertTrue(known.stream().anyMatch(p -> p.matcher(key).matches()), key + " is not a property clearance reads");
            }
        }
        assertEquals("true", properties.getProperty("clearance.proxy.enabled"));
        assertEquals("kubernetes", properties.getProperty("clearance.authz.namespace-source"), "RBAC materialisation needs it");
        assertEquals(properties.getProperty("quarkus.http.tls-configuration-name"),
                properties.getProperty("clearance.proxy.tls-configuration-name"), "the proxy serves the mounted certificate");
    }

    @Test
    void theProxyPortIsExposedEndToEnd() throws Exception {
        int port = Integer.parseInt(config().getProperty("clearance.proxy.port"));
        Deployment deployment = named(Deployment.class, "clearance");
        assertTrue(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .anyMatch(p -> "proxy".equals(p.getName()) && p.getContainerPort() == port), "the container declares the proxy port");
        Service service = named(Service.class, "clearance-proxy");
        assertEquals("proxy", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertTrue(objects.stream().anyMatch(o -> o.getKind().equals("NetworkPolicy")
                && Serialization.asYaml(o).contains("port: " + port)), "the network policy admits the proxy port");
    }

    @Test
    void theServiceAccountMayImpersonateButNotServiceAccounts() {
        ClusterRole role = named(ClusterRole.class, "clearance-proxy-impersonator");
        List<String> impersonable = role.getRules().stream().filter(r -> r.getVerbs().contains("impersonate"))
                .flatMap(r -> r.getResources().stream()).sorted().toList();
        // an extra is authorized per key: a bare "userextras" would match none (ImpersonationRbacTest)
        assertEquals(List.of("groups", "uids", "userextras/authentication.kubernetes.io/credential-id", "users"), impersonable);
        assertTrue(named(ClusterRole.class, "clearance-proxy").getRules().stream()
                .noneMatch(r -> r.getVerbs().stream().anyMatch(v -> v.startsWith("impersonate"))),
                "impersonation is granted in one place, so the constrained variant can replace it");
    }
}
