package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/base/validating-webhook.yaml parses as the real type, with no misspelt field, and matches what /admit guards:
 * Namespace objects (clearance's own included) through a webhook without the namespace exclusion, the namespaced
 * kinds through one that spares clearance's namespace so a down clearance can still recover its pods.
 */
class WebhookConfigurationManifestTest {

    static ValidatingWebhookConfiguration config;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("deploy/base/validating-webhook.yaml"))) {
            config = Serialization.unmarshal(in, ValidatingWebhookConfiguration.class);
        }
    }

    static ValidatingWebhook hook(String name) {
        return config.getWebhooks().stream().filter(h -> h.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no webhook " + name));
    }

    /** resource → operations, over every rule of the hook, checking each rule for unknown fields and wildcards. */
    static Map<String, List<String>> guarded(ValidatingWebhook hook) {
        Map<String, List<String>> resources = new TreeMap<>();
        for (RuleWithOperations rule : hook.getRules()) {
            assertTrue(rule.getAdditionalProperties().isEmpty(), "unknown fields: " + rule.getAdditionalProperties());
            assertTrue(!rule.getOperations().contains("CONNECT") && !rule.getOperations().contains("*")
                    && !rule.getResources().contains("*") && !rule.getApiGroups().contains("*"), "only the guarded kinds");
            rule.getResources().forEach(r -> resources.put(r, rule.getOperations().stream().sorted().toList()));
        }
        return resources;
    }

    @Test
    void everyWebhookIsSafeAndPointsAtAdmit() {
        assertTrue(config.getAdditionalProperties().isEmpty());
        assertEquals(List.of("guard.clearance.dev", "namespaces.clearance.dev"),
                config.getWebhooks().stream().map(ValidatingWebhook::getName).sorted().toList());
        for (ValidatingWebhook hook : config.getWebhooks()) {
            assertTrue(hook.getAdditionalProperties().isEmpty(), "unknown fields: " + hook.getAdditionalProperties());
            assertEquals(List.of("v1"), hook.getAdmissionReviewVersions());
            assertEquals("None", hook.getSideEffects());
            assertEquals("Fail", hook.getFailurePolicy());
            assertEquals("Equivalent", hook.getMatchPolicy());
            assertEquals(5, hook.getTimeoutSeconds());
            assertEquals("/admit", hook.getClientConfig().getService().getPath());
            assertNull(hook.getObjectSelector(), hook.getName());
        }
    }

    @Test
    void guardsEveryNamespaceObjectClearancesOwnIncludedAndItsSubresources() {
        ValidatingWebhook hook = hook("namespaces.clearance.dev");

        assertNull(hook.getNamespaceSelector(), "a namespaceSelector would exempt the Namespace objects it excludes");
        assertEquals(Map.of("namespaces", List.of("CREATE", "DELETE", "UPDATE"), "namespaces/status", List.of("UPDATE"),
                "namespaces/finalize", List.of("UPDATE")), guarded(hook));
        hook.getRules().forEach(rule -> assertEquals("Cluster", rule.getScope()));
    }

    @Test
    void guardsTheNamespacedKindsOutsideClearancesNamespace() {
        ValidatingWebhook hook = hook("guard.clearance.dev");

        assertEquals("kubernetes.io/metadata.name", hook.getNamespaceSelector().getMatchExpressions().get(0).getKey());
        assertEquals("NotIn", hook.getNamespaceSelector().getMatchExpressions().get(0).getOperator());
        assertEquals(List.of("clearance"), hook.getNamespaceSelector().getMatchExpressions().get(0).getValues());
        assertEquals(Map.of("rolebindings", List.of("CREATE", "UPDATE"), "clusterrolebindings", List.of("CREATE", "UPDATE"),
                "certificatesigningrequests", List.of("CREATE", "UPDATE"), "serviceaccounts", List.of("CREATE", "UPDATE")),
                guarded(hook));
    }
}
