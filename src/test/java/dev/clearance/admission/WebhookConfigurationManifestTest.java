package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/base/validating-webhook.yaml parses as the real type, with no misspelt field, and matches what /admit guards. */
class WebhookConfigurationManifestTest {

    @Test
    void registersTheGuardedKindsSafely() throws Exception {
        ValidatingWebhookConfiguration config;
        try (InputStream in = Files.newInputStream(Path.of("deploy/base/validating-webhook.yaml"))) {
            config = Serialization.unmarshal(in, ValidatingWebhookConfiguration.class);
        }
        assertTrue(config.getAdditionalProperties().isEmpty());
        assertEquals(1, config.getWebhooks().size());
        ValidatingWebhook hook = config.getWebhooks().get(0);
        assertTrue(hook.getAdditionalProperties().isEmpty(), "unknown fields: " + hook.getAdditionalProperties());
        assertEquals(List.of("v1"), hook.getAdmissionReviewVersions());
        assertEquals("None", hook.getSideEffects());
        assertEquals("Fail", hook.getFailurePolicy());
        assertEquals("Equivalent", hook.getMatchPolicy());
        assertEquals(5, hook.getTimeoutSeconds());
        assertEquals("/admit", hook.getClientConfig().getService().getPath());
        assertEquals("NotIn", hook.getNamespaceSelector().getMatchExpressions().get(0).getOperator());
        assertEquals(List.of("clearance"), hook.getNamespaceSelector().getMatchExpressions().get(0).getValues());
        Set<String> resources = new TreeSet<>();
        for (RuleWithOperations rule : hook.getRules()) {
            assertTrue(rule.getAdditionalProperties().isEmpty(), "unknown fields: " + rule.getAdditionalProperties());
            assertTrue(!rule.getOperations().contains("CONNECT") && !rule.getResources().contains("*"), "only the guarded kinds");
            resources.addAll(rule.getResources());
        }
        assertEquals(new TreeSet<>(List.of("namespaces", "rolebindings", "clusterrolebindings", "certificatesigningrequests",
                "serviceaccounts")), resources);
    }
}
