package dev.clearance.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * certs/make-certs.sh makes a CA whose certificates openssl verifies, with the right SANs, and webhook kubeconfigs
 * that the real kubectl (the API server's client library) loads and uses over HTTPS with mutual TLS; and, through the
 * real curl, that without a client certificate only the probes answer, however a path is spelled.
 */
@QuarkusTest
@WithTestResource(GeneratedCertsResource.class)
class GeneratedKubeconfigTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Read when a test runs: an injected field would be required of every application start, certs or not. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void certificatesDirectory() {
        dir = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue(GeneratedCertsResource.DIR_PROPERTY, String.class));
    }

    @BeforeAll
    static void toolsAreInstalled() throws Exception {
        for (List<String> probe : List.of(List.of("kubectl", "version", "--client"), List.of("openssl", "version"))) {
            String tool = probe.get(0);
            boolean present;
            try {
                present = new ProcessBuilder(probe).redirectErrorStream(true).start().waitFor() == 0;
            } catch (java.io.IOException e) {
                present = false;
            }
            if (!present && "true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(tool + " is required in CI");
            }
            Assumptions.assumeTrue(present, tool + " is not installed; skipping");
        }
    }

    static String run(List<String> command, int expectExit) throws Exception {
        // stdin from /dev/null: kubectl would otherwise wait for credentials typed at a prompt
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (expectExit >= 0) {
            assertEquals(expectExit, p.exitValue(), command + ": " + out);
        } else {
            assertNotEquals(0, p.exitValue(), command + " should have failed: " + out);
        }
        return out;
    }

    @Test
    void opensslVerifiesTheCertificatesAndTheSansAreRight() throws Exception {
        run(List.of("openssl", "verify", "-CAfile", dir.resolve("ca.crt").toString(), dir.resolve("tls.crt").toString(),
                dir.resolve("apiserver-client.crt").toString()), 0);
        String sans = run(List.of("openssl", "x509", "-in", dir.resolve("tls.crt").toString(), "-noout", "-ext", "subjectAltName"), 0);
        for (String san : List.of("DNS:clearance", "DNS:clearance.clearance.svc", "DNS:clearance.clearance.svc.cluster.local",
                "DNS:localhost", "IP Address:127.0.0.1")) {
            assertTrue(sans.contains(san), sans);
        }
        String authz = Files.readString(dir.resolve("authorization-config.yaml"));
        assertTrue(authz.contains("failurePolicy: NoOpinion") && authz.contains("!request.user.startsWith('system:')"), authz);
        assertTrue(Files.readString(dir.resolve("validating-webhook.yaml")).contains("caBundle: LS0t"));
    }

    @Test
    void kubectlPostsATokenReviewThroughTheGeneratedKubeconfigWithMutualTls() throws Exception {
        Path review = dir.resolve("review.json");
        Files.writeString(review, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
                + TestTokens.now().sign() + "\"}}");

        JsonNode answer = MAPPER.readTree(run(List.of("kubectl", "--kubeconfig", dir.resolve("authn-webhook.kubeconfig").toString(),
                "create", "--raw", "/authenticate", "-f", review.toString()), 0));

        assertTrue(answer.at("/status/authenticated").asBoolean(), answer.toString());
        assertEquals("oidc:user:alice", answer.at("/status/user/username").asText());
    }

    @Test
    void kubectlPostsASubjectAccessReviewThroughTheGeneratedKubeconfig() throws Exception {
        Path review = dir.resolve("sar.json");
        Files.writeString(review, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{"
                + "\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:team-a\"],\"resourceAttributes\":{\"namespace\":\"team-a\","
                + "\"verb\":\"get\",\"resource\":\"pods\"}}}");

        JsonNode answer = MAPPER.readTree(run(List.of("kubectl", "--kubeconfig", dir.resolve("authz-webhook.kubeconfig").toString(),
                "create", "--raw", "/authorize", "-f", review.toString()), 0));

        assertTrue(answer.at("/status/allowed").asBoolean(), answer.toString());
    }

    @Test
    void withoutAClientCertificateNoReviewIsAnswered() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(dir.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://localhost:" + GeneratedCertsResource.HTTPS_PORT + "/authenticate"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();

        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode(), "the server is trusted, but without a client certificate no review is answered");
        assertTrue(response.body().contains("require a TLS client certificate"), response.body());
        assertEquals(200, client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:"
                + GeneratedCertsResource.HTTPS_PORT + "/q/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode(), "probes need no client certificate");
    }

    /** One request through the real curl, {@code --path-as-is} so that dot segments reach the server unresolved. */
    record Call(String name, String method, String path) {
        @Override
        public String toString() {
            return name + " (" + method + " " + path + ")";
        }
    }

    /** A status and body as curl saw them. */
    record Answer(int status, String body) {}

    /** The webhooks under the spellings below, and paths that are neither webhooks nor probes. */
    static Stream<Call> pathsThatAreNotProbes() {
        return Stream.concat(webhooksUnderOtherSpellings(), Stream.of(
                new Call("a matrix parameter after a climb out of the health probes", "POST", "/q/health/..;/admit"),
                new Call("the audit query", "GET", "/audit/events"),
                new Call("the development issuer's JWKS", "GET", "/dev-issuer/jwks"),
                new Call("a path nothing serves", "GET", "/nonexistent")));
    }

    @ParameterizedTest(name = "without a client certificate, {0} is refused")
    @MethodSource("pathsThatAreNotProbes")
    void refusesEveryPathButTheProbesWithoutAClientCertificate(Call call) throws Exception {
        Answer answer = curl(call, false);

        assertEquals(401, answer.status(), answer.body());
        assertTrue(answer.body().contains("require a TLS client certificate"), answer.body());
    }

    /** The webhooks under spellings the router resolves to them. */
    static Stream<Call> webhooksUnderOtherSpellings() {
        return Stream.of(
                new Call("a dot segment before the authorizer", "POST", "/./authorize"),
                new Call("a percent-encoded letter in the authenticator", "POST", "/%61uthenticate"),
                new Call("a percent-encoded dot segment before admission", "POST", "/%2e/admit"),
                new Call("a doubled slash before the authorizer", "POST", "//authorize"),
                new Call("a trailing slash after the authorizer", "POST", "/authorize/"),
                new Call("a climb out of the health probes into the authenticator", "POST", "/q/health/../../authenticate"),
                new Call("a percent-encoded climb out of the health probes into admission", "POST", "/q/health/%2e%2e/%2e%2e/admit"));
    }

    @ParameterizedTest(name = "with the client certificate, {0} reaches the webhook")
    @MethodSource("webhooksUnderOtherSpellings")
    void theSameSpellingsReachTheWebhooksWithTheClientCertificate(Call call) throws Exception {
        Answer answer = curl(call, true);

        assertEquals(400, answer.status(), "the webhook itself refuses an empty review: " + answer.body());
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                Arguments.of(new Call("liveness", "GET", "/q/health/live"), 200),
                Arguments.of(new Call("start-up", "GET", "/q/health/started"), 200),
                Arguments.of(new Call("metrics", "GET", "/q/metrics"), 200),
                Arguments.of(new Call("liveness with a percent-encoded q", "GET", "/%71/health/live"), 200),
                Arguments.of(new Call("readiness (503 while the test issuer dead has no keys)", "GET", "/q/health/ready"), 503));
    }

    @ParameterizedTest(name = "{0} answers without a client certificate, as it does with one")
    @MethodSource("probes")
    void probesAnswerWithoutAClientCertificate(Call call, int expected) throws Exception {
        assertEquals(expected, curl(call, true).status(), "with the certificate");
        assertEquals(expected, curl(call, false).status(), "without a certificate");
    }

    static void assumeCurl() {
        boolean present;
        try {
            present = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("curl is required in CI");
        }
        Assumptions.assumeTrue(present, "curl is not installed; skipping");
    }

    Answer curl(Call call, boolean withCertificate) throws Exception {
        assumeCurl();
        Path body = Files.createTempFile(dir, "answer", ".json");
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--path-as-is", "--cacert", dir.resolve("ca.crt").toString(),
                "-o", body.toString(), "-w", "%{http_code}", "-X", call.method()));
        if (withCertificate) {
            command.addAll(List.of("--cert", dir.resolve("apiserver-client.crt").toString(), "--key",
                    dir.resolve("apiserver-client.key").toString()));
        }
        if (call.method().equals("POST")) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data", "{}"));
        }
        command.add("https://localhost:" + GeneratedCertsResource.HTTPS_PORT + call.path());
        String status = run(command, 0).trim();
        return new Answer(Integer.parseInt(status), Files.readString(body));
    }

    @Test
    void picksUpARotatedServingCertificate() throws Exception {
        java.math.BigInteger before = servedSerial();
        Path next = Files.createTempDirectory("clearance-certs-next");
        run(List.of("bash", "certs/make-certs.sh", "--out", next.toString(), "--ca-dir", dir.toString(), "--dns", "localhost", "--ip",
                "127.0.0.1"), 0);
        // replace key and certificate the way kubelet updates a secret volume: new files moved into place
        Files.move(next.resolve("tls.key"), dir.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(next.resolve("tls.crt"), dir.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.math.BigInteger expected = ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("tls.crt")))).getSerialNumber();

        // a handshake racing the swap of the TLS context can fail; the next one gets the new certificate
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(javax.net.ssl.SSLException.class)
                .until(() -> expected.equals(servedSerial()));

        assertNotEquals(before, expected, "the new certificate is served without a restart");
    }

    /** The serial number of the certificate the HTTPS port presents. */
    java.math.BigInteger servedSerial() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                seen[0] = chain;
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory()
                .createSocket("localhost", GeneratedCertsResource.HTTPS_PORT)) {
            socket.startHandshake();
        }
        return seen[0][0].getSerialNumber();
    }
}
