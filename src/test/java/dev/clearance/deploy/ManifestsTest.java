package dev.clearance.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.config.AdmissionConfig;
import dev.clearance.config.AuditConfig;
import dev.clearance.config.AuthnConfig;
import dev.clearance.config.AuthzConfig;
import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.IssuersConfig;
import dev.clearance.config.TlsConfig;
import dev.clearance.token.authconfig.AuthenticationConfigurationDecoder;
import dev.clearance.token.authconfig.AuthenticationConfigurationValidator;
import dev.clearance.token.cel.ClaimExpressions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl kustomize deploy/ renders, every manifest parses as its type, and the manifests agree with the code. */
@QuarkusTest
class ManifestsTest {

    static List<HasMetadata> objects;

    @BeforeAll
    static void render() throws Exception {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", "deploy/").redirectErrorStream(false)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (java.io.IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            org.junit.jupiter.api.Assumptions.abort("kubectl is not installed; skipping");
            return;
        }
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), errors);
        objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                HasMetadata object = Serialization.unmarshal(doc);
                if (object instanceof io.fabric8.kubernetes.api.model.KubernetesResource
                        && object instanceof io.fabric8.kubernetes.api.model.HasMetadata) {
                    assertTrue(!(object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource),
                            "not a known kind: " + object.getKind());
                }
                objects.add(object);
            }
        }
    }

    static <T> T one(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " rendered"));
    }

    @Test
    void rendersEveryKindTheInstallNeeds() {
        List<String> kinds = objects.stream().map(HasMetadata::getKind).sorted().toList();
        assertEquals(List.of("ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Namespace",
                "NetworkPolicy", "PodDisruptionBudget", "Service", "ServiceAccount", "ValidatingWebhookConfiguration"), kinds);
        objects.stream().filter(o -> !List.of("Namespace", "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration")
                .contains(o.getKind())).forEach(o -> assertEquals("clearance", o.getMetadata().getNamespace(), o.getKind()));
    }

    @Test
    void theDeploymentRunsThisVersionHardenedWithProbesThatExist() {
        Deployment deployment = one(Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        String version = ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);

        assertEquals("clearance:" + version, container.getImage());
        assertEquals(2, deployment.getSpec().getReplicas());
        String configFile = container.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_CONFIG_LOCATIONS")).findFirst()
                .orElseThrow().getValue();
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> configFile.startsWith(m.getMountPath() + "/")
                && m.getName().equals("config")), "the ConfigMap is mounted where clearance reads its configuration");
        assertEquals(8443, container.getPorts().get(0).getContainerPort());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        for (var probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())) {
            assertEquals("HTTPS", probe.getHttpGet().getScheme());
            int status = given().get(probe.getHttpGet().getPath()).statusCode();
            assertTrue(status == 200 || status == 503, probe.getHttpGet().getPath() + " answered " + status);
        }
    }

    @Test
    void theServiceAndEveryWebhookPointAtTheRightPortAndPath() {
        Service service = one(Service.class);
        ValidatingWebhookConfiguration webhook = one(ValidatingWebhookConfiguration.class);

        assertEquals("https", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(2, webhook.getWebhooks().size());
        for (var hook : webhook.getWebhooks()) {
            var ref = hook.getClientConfig().getService();
            assertEquals(service.getMetadata().getName(), ref.getName(), hook.getName());
            assertEquals(service.getMetadata().getNamespace(), ref.getNamespace(), hook.getName());
            assertEquals(service.getSpec().getPorts().get(0).getPort(), ref.getPort(), hook.getName());
            given().contentType("application/json").body("{}").post(ref.getPath()).then().statusCode(400);
        }
    }

    @Test
    void theNamespaceWebhookAlsoGuardsTheNamespaceClearanceRunsIn() {
        ValidatingWebhookConfiguration webhook = one(ValidatingWebhookConfiguration.class);
        String namespace = one(Service.class).getMetadata().getNamespace();
        List<String> protectedNamespaces = List.of(ConfigProvider.getConfig().getValue("clearance.admission.protected-namespaces",
                String[].class));

        for (var hook : webhook.getWebhooks()) {
            boolean namespaces = hook.getRules().stream().anyMatch(r -> r.getResources().contains("namespaces"));
            var selector = hook.getNamespaceSelector();
            boolean excludes = selector != null && selector.getMatchExpressions().stream().anyMatch(e -> e.getValues().contains(namespace));
            assertTrue(!(namespaces && excludes), hook.getName() + " exempts the Namespace object " + namespace + " from the rules");
        }
        assertTrue(protectedNamespaces.contains(namespace), "clearance.admission.protected-namespaces lists " + namespace);
    }

    @Test
    void rbacOnlyReadsNamespaces() {
        ClusterRole role = one(ClusterRole.class);

        assertEquals(1, role.getRules().size());
        assertEquals(List.of("namespaces"), role.getRules().get(0).getResources());
        assertEquals(List.of("get", "list", "watch"), role.getRules().get(0).getVerbs());
    }

    @Test
    void everyClearanceKeyInTheConfigMapIsOneTheCodeReads() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(one(ConfigMap.class).getData().get("application.properties")));
        List<Pattern> known = ConfigKeys.of(IssuersConfig.class, AuthnConfig.class, AuthzConfig.class, AdmissionConfig.class,
                AuditConfig.class, DevIssuerConfig.class, TlsConfig.class);

        assertTrue(known.stream().anyMatch(p -> p.matcher("clearance.issuers.x.extra.\"a.b/c\"").matches()), "the key patterns work");
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("clearance.")) {
                assertTrue(known.stream().anyMatch(p -> p.matcher(key).matches()), key + " is not a property clearance reads");
            }
        }
        assertTrue(properties.stringPropertyNames().contains("clearance.authn.config-file"));
    }

    @Test
    void theAuthenticationConfigurationItMountsIsValidAndTrustsThePlatform() throws Exception {
        ConfigMap config = one(ConfigMap.class);
        Properties properties = new Properties();
        properties.load(new StringReader(config.getData().get("application.properties")));
        String file = properties.getProperty("clearance.authn.config-file");
        Deployment deployment = one(Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        var mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("config")).findFirst().orElseThrow();
        assertTrue(file.startsWith(mount.getMountPath() + "/"), file + " is on the ConfigMap's mount");
        String yaml = config.getData().get(file.substring(mount.getMountPath().length() + 1));
        assertTrue(yaml != null, "the ConfigMap carries " + file);

        var decoded = AuthenticationConfigurationDecoder.decode(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var validated = AuthenticationConfigurationValidator.validate(decoded, ClaimExpressions.standard(), false);

        assertEquals(List.of(), validated.errors());
        assertEquals(List.of(), validated.warnings());
        assertEquals(List.of("https://platform.example.com/api/oidc"),
                decoded.jwt().stream().map(j -> j.issuer().url()).toList());
    }
}
