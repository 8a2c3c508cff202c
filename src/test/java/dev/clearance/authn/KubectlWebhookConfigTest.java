package dev.clearance.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kubectl loads a webhook config in kubeconfig format (the file kube-apiserver reads for
 * {@code --authentication-token-webhook-config-file}, with the same client library) and posts a TokenReview
 * through it to the running service.
 */
@QuarkusTest
class KubectlWebhookConfigTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void kubectlIsInstalled() throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("kubectl is required in CI; .ci/run installs Debian's kubernetes-client");
        }
        Assumptions.assumeTrue(present, "kubectl is not installed (Debian: apt-get install kubernetes-client); skipping");
    }

    Path kubeconfig(Path dir) throws Exception {
        Path file = dir.resolve("authn-webhook.kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: clearance
                  cluster:
                    server: http://localhost:%d/authenticate
                users:
                - name: kube-apiserver
                  user: {}
                contexts:
                - name: webhook
                  context:
                    cluster: clearance
                    user: kube-apiserver
                current-context: webhook
                """.formatted(port));
        return file;
    }

    JsonNode postThroughKubectl(String token) throws Exception {
        Path dir = Files.createTempDirectory("kubectl-test");
        Path review = dir.resolve("review.json");
        Files.writeString(review, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
                + token + "\",\"audiences\":[\"https://kubernetes.default.svc.cluster.local\"]}}");
        Process kubectl = new ProcessBuilder(List.of("kubectl", "--kubeconfig", kubeconfig(dir).toString(), "create", "--raw",
                "/authenticate", "-f", review.toString())).redirectErrorStream(true).start();
        assertTrue(kubectl.waitFor(30, TimeUnit.SECONDS), "kubectl did not finish");
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kubectl.exitValue(), output);
        return MAPPER.readTree(output);
    }

    @Test
    void kubectlLoadsTheWebhookKubeconfigAndGetsAnIdentity() throws Exception {
        JsonNode answer = postThroughKubectl(TestTokens.now().sign());

        assertEquals("authentication.k8s.io/v1", answer.get("apiVersion").asText());
        assertTrue(answer.at("/status/authenticated").asBoolean());
        assertEquals("oidc:user:alice", answer.at("/status/user/username").asText());
    }

    @Test
    void kubectlSeesARefusalAsAnOrdinaryAnswer() throws Exception {
        JsonNode answer = postThroughKubectl(TestTokens.now().claim("aud", "another-cluster").sign());

        assertEquals(false, answer.at("/status/authenticated").asBoolean(true));
        assertTrue(answer.at("/status/error").asText().contains("does not include this cluster"));
    }
}
