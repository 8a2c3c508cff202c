package dev.clearance.kubeconfig;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloaded kubeconfig with the real kubectl: it loads, its context is current, and its exec plugin (the
 * development issuer's curl) gets a token that takes {@code kubectl auth whoami} through the proxy to the mock API
 * server, which answers from the impersonation headers it received.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KubeconfigProxyResource.class)
class KubeconfigKubectlTest {

    @KubernetesTestServer
    KubernetesServer server;

    @TempDir
    Path dir;

    record Run(int exit, String out) {}

    @BeforeEach
    void apiServer() {
        for (String timeout : List.of("32s", "3s")) {
            server.expect().get().withPath("/api?timeout=" + timeout).andReturn(200, new APIVersionsBuilder().withVersions("v1")
                    .build()).withHeader("Content-Type", "application/json").always();
            server.expect().get().withPath("/apis?timeout=" + timeout).andReturn(200, new APIGroupListBuilder().build())
                    .withHeader("Content-Type", "application/json").always();
        }
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews").andReply(201, request -> {
            String user = request.getHeader("Impersonate-User");
            List<String> groups = request.getHeaders().headers("Impersonate-Group");
            return "{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"status\":{\"userInfo\":"
                    + "{\"username\":\"" + user + "\",\"groups\":[\"" + String.join("\",\"", groups) + "\"]}}}";
        }).withHeader("Content-Type", "application/json").always();
    }

    Path download() throws Exception {
        byte[] body = given().when().get("/kubeconfig").then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("application/yaml"))
                .header("Content-Disposition", "attachment; filename=kubeconfig")
                .extract().asByteArray();
        return Files.write(dir.resolve("kubeconfig"), body);
    }

    Run kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(
                ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("KUBECONFIG");
        Process process = builder.start();
        boolean done = process.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        return new Run(done ? process.exitValue() : -1, new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void kubectlLoadsTheDownloadedFileWithTheCaEmbedded() throws Exception {
        Run run = kubectl(download(), "config", "view", "--raw", "-o",
                "jsonpath={.clusters[0].name} {.clusters[0].cluster.server} {.users[0].user.exec.apiVersion} "
                        + "{.contexts[0].context.namespace} {.clusters[0].cluster.certificate-authority-data}");
        assertEquals(0, run.exit(), run.out());
        String[] fields = run.out().trim().split(" ");
        assertEquals(KubeconfigProxyResource.CLUSTER, fields[0], run.out());
        assertTrue(fields[1].startsWith("https://localhost:"), run.out());
        assertEquals("client.authentication.k8s.io/v1", fields[2], run.out());
        assertEquals("team-a", fields[3], run.out());
        String ca = new String(java.util.Base64.getDecoder().decode(fields[4]), StandardCharsets.US_ASCII);
        assertTrue(ca.startsWith("-----BEGIN CERTIFICATE-----"), ca);
    }

    @Test
    void theContextWithAHashInItsNameIsCurrent() throws Exception {
        Run run = kubectl(download(), "config", "current-context");
        assertEquals(0, run.exit(), run.out());
        assertEquals(KubeconfigProxyResource.CLUSTER, run.out().trim());
    }

    @Test
    void theExecPluginTakesKubectlAuthWhoamiThroughTheProxy() throws Exception {
        Run run = kubectl(download(), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("oidc:user:alice"), run.out());
        assertTrue(run.out().contains("oidc:team-a") && run.out().contains("oidc:cluster-scope"), run.out());
        assertEquals("oidc:user:alice", server.getLastRequest().getHeader("Impersonate-User"));
    }
}
