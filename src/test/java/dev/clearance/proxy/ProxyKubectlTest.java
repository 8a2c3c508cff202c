package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.certs.GeneratedCertsResource;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real kubectl through the proxy, over HTTPS with certificates from certs/make-certs.sh, against the Kubernetes
 * mock server. Its kubeconfig user is an exec plugin that fetches an ExecCredential from the development issuer, as
 * the README tells users to.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(ProxyTlsResource.class)
class ProxyKubectlTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ProxyServer proxy;

    record Run(int exit, String out) {}

    @BeforeEach
    void apiServerContent() {
        for (String timeout : List.of("32s", "3s")) {
            server.expect().get().withPath("/api?timeout=" + timeout).andReturn(200, new APIVersionsBuilder().withVersions("v1").build()).withHeader("Content-Type", "application/json").always();
            server.expect().get().withPath("/apis?timeout=" + timeout).andReturn(200, new APIGroupListBuilder().build()).withHeader("Content-Type", "application/json").always();
            server.expect().get().withPath("/api/v1?timeout=" + timeout).andReturn(200, new APIResourceListBuilder().withGroupVersion("v1")
                    .withResources(new APIResourceBuilder().withName("pods").withKind("Pod").withNamespaced(true)
                            .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").withShortNames("po").build())
                    .build()).withHeader("Content-Type", "application/json").always();
        }
        // kubectl asks with ?timeout=32s (or its --request-timeout), and expectations match the query too
        // the mock plays the API server's part: it answers "who am I" from the impersonation headers it received
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews").andReply(201, request -> {
            String user = request.getHeader("Impersonate-User");
            List<String> groups = request.getHeaders().headers("Impersonate-Group");
            return "{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"status\":{\"userInfo\":"
                    + "{\"username\":\"" + user + "\",\"groups\":[\"" + String.join("\",\"", groups) + "\"]}}}";
        }).withHeader("Content-Type", "application/json").always();
        if (server.getClient().pods().inNamespace("team-a").withName("web").get() == null) {
            server.getClient().pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("web")
                    .withNamespace("team-a").endMetadata().build()).create();
        }
    }

    Path kubeconfig() throws IOException {
        Path dir = Path.of(ConfigProvider.getConfig().getValue(GeneratedCertsResource.DIR_PROPERTY, String.class));
        Path file = dir.resolve("proxy-user.kubeconfig");
        String mint = "curl -sf -d user=alice -d groups=team-a -d groups=cluster-scope -d format=exec-credential "
                + "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class)
                + "/dev-issuer/token";
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: platform
                  cluster:
                    server: https://localhost:%d
                    certificate-authority: %s
                users:
                - name: alice
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      interactiveMode: Never
                      command: sh
                      args: ["-c", "%s"]
                contexts:
                - name: platform
                  context: {cluster: platform, user: alice, namespace: team-a}
                current-context: platform
                """.formatted(proxy.port(), dir.resolve("ca.crt"), mint));
        return file;
    }

    Run kubectl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        boolean done = process.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(done ? process.exitValue() : -1, out);
    }

    @Test
    void kubectlGetWorksThroughTheProxy() throws Exception {
        Run run = kubectl("get", "pods", "-o", "name");
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("pod/web"), run.out());
        assertEquals("oidc:user:alice", server.getLastRequest().getHeader("Impersonate-User"));
    }

    @Test
    void kubectlAuthWhoamiShowsThePrefixedIdentity() throws Exception {
        Run run = kubectl("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("oidc:user:alice"), run.out());
        assertTrue(run.out().contains("oidc:team-a") && run.out().contains("oidc:cluster-scope"), run.out());
    }

    @Test
    void kubectlGetWatchStreamsUntilItsTimeout() throws Exception {
        Run run = kubectl("get", "pods", "-w", "-o", "name", "--request-timeout=3s");
        assertTrue(run.exit() >= 0, "kubectl ended by itself: " + run.out());
        assertTrue(run.out().contains("pod/web"), run.out());
    }

    @Test
    void kubectlAsIsRefusedWithAReason() throws Exception {
        Run run = kubectl("get", "--raw", "/api/v1/namespaces/team-a/pods", "--as", "system:admin");
        assertTrue(run.exit() != 0, run.out());
        assertTrue(run.out().contains("impersonation"), run.out());
    }
}
