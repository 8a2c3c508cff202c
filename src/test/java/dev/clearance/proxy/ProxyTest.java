package dev.clearance.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditLog;
import dev.clearance.testsupport.TestIssuersResource;
import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's HTTP contract against {@link ScriptedApiServer}: what reaches the API server (and what never does),
 * streaming, upgrades both ways, refusals as Kubernetes {@code Status}, and one audit event per request.
 */
@QuarkusTest
@WithTestResource(TestIssuersResource.class)
@WithTestResource(ScriptedApiServerResource.class)
class ProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient DIRECT = HttpClient.newHttpClient();

    @Inject
    ProxyServer proxy;

    @Inject
    AuditLog audit;

    record Seen(String method, String uri, int bodyBytes, List<List<String>> headers) {
        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (List<String> header : headers) {
                if (header.get(0).equalsIgnoreCase(name)) {
                    values.add(header.get(1));
                }
            }
            return values;
        }

        List<String> impersonationHeaderNames() {
            return headers.stream().map(h -> h.get(0)).filter(n -> n.regionMatches(true, 0, "Impersonate-", 0, 12)).toList();
        }
    }

    static String scripted() {
        return ConfigProvider.getConfig().getValue("test.scripted.url", String.class);
    }

    static String control(String path) {
        try {
            return DIRECT.send(HttpRequest.newBuilder(URI.create(scripted() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Seen> seen() {
        try {
            return JSON.readValue(control("/__control/seen"), new TypeReference<List<Seen>>() {});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void pushWatchEvent(String path, String event) {
        control("/__control/watch?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + "&event="
                + URLEncoder.encode(event, StandardCharsets.UTF_8));
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    static String alice() {
        return TestTokens.now().claim("uid", "u-123").sign();
    }

    @BeforeEach
    void forget() {
        control("/__control/reset");
    }

    @Test
    void forwardsWithExactlyTheImpersonationHeadersAndTheProxysOwnCredentials() {
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + alice())
                .when().get("/api/v1/namespaces/team-a/pods?limit=500")
                .then().statusCode(200).header("X-Upstream", "scripted").body("uri", equalTo("/api/v1/namespaces/team-a/pods?limit=500"));
        Seen seen = seen().get(0);
        assertEquals(List.of("Bearer " + ScriptedApiServerResource.UPSTREAM_TOKEN), seen.all("Authorization"));
        assertEquals(List.of("oidc:user:alice"), seen.all("Impersonate-User"));
        assertEquals(List.of("u-123"), seen.all("Impersonate-Uid"));
        assertEquals(List.of("oidc:team-a", "oidc:cluster-scope"), seen.all("Impersonate-Group"));
        assertEquals(List.of("platform.test.example"), seen.all("Impersonate-Extra-clearance.dev%2Fplatform-host"));
        assertEquals(5, seen.impersonationHeaderNames().size(), "nothing but the identity: " + seen.impersonationHeaderNames());
        assertEquals(List.of("127.0.0.1"), seen.all("X-Forwarded-For"));
    }

    @Test
    void aTokensJtiReachesTheApiServerAsItsCredentialId() {
        String token = TestTokens.now().claim("uid", "u-123").claim("jti", "7c0e5f2a-41d9").sign();
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + token)
                .when().get("/api/v1/namespaces/team-a/pods")
                .then().statusCode(200);
        Seen seen = seen().get(0);
        // the extra key authentication.kubernetes.io/credential-id, percent-encoded as client-go does (%2F; names compare
        // without regard to case), as kube-apiserver's own JWT authenticator would add it
        assertEquals(List.of("JTI=7c0e5f2a-41d9"), seen.all("Impersonate-Extra-authentication.kubernetes.io%2fcredential-id"));
        assertTrue(seen.impersonationHeaderNames().contains("Impersonate-Extra-authentication.kubernetes.io%2Fcredential-id"),
                seen.impersonationHeaderNames().toString());
        assertEquals(6, seen.impersonationHeaderNames().size(), "the identity and its credential id: " + seen.impersonationHeaderNames());
    }

    @Test
    void impersonationRequestsAreRefusedAndNeverForwarded() {
        for (String header : List.of("Impersonate-User", "Impersonate-Group", "impersonate-uid", "Impersonate-Extra-scopes")) {
            given().baseUri(proxyUrl()).header("Authorization", "Bearer " + alice()).header(header, "system:admin")
                    .when().get("/api/v1/namespaces/kube-system/secrets")
                    .then().statusCode(403).body("kind", equalTo("Status")).body("code", equalTo(403))
                    .body("details.causes[0].reason", equalTo("impersonation_refused"));
        }
        assertTrue(seen().isEmpty(), "kubectl --as never reaches the API server");
    }

    @Test
    void refusedTokensGet401WithTheReasonAndNeverReachTheApiServer() {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        Map<String, String> tokens = Map.of(
                "expired", TestTokens.at(past).sign(),
                "malformed_token", "not-a-jwt",
                "unsupported_algorithm", TestTokens.now().hmac(new byte[32]).sign(),
                "audience_mismatch", TestTokens.now().claim("aud", "another-cluster").sign(),
                "bad_signature", TestTokens.now().signedBy(TestKeys.RSA_ATTACKER, "RS256").kid(TestKeys.RSA_1.kid()).sign());
        tokens.forEach((code, token) -> given().baseUri(proxyUrl()).header("Authorization", "Bearer " + token)
                .when().get("/api/v1/namespaces")
                .then().statusCode(401).body("kind", equalTo("Status")).body("reason", equalTo("Unauthorized"))
                .body("details.causes[0].reason", equalTo(code)));
        given().baseUri(proxyUrl()).when().get("/api/v1/namespaces")
                .then().statusCode(401).body("details.causes[0].reason", equalTo("missing_token"));
        given().baseUri(proxyUrl()).header("Authorization", "Basic YWxpY2U6c2VjcmV0").when().get("/api/v1/namespaces")
                .then().statusCode(401).body("details.causes[0].reason", equalTo("missing_token"));
        assertTrue(seen().isEmpty(), "no refused request reaches the API server");
    }

    @Test
    void connectionLevelHeadersAndSpoofedIdentityHeadersAreDropped() throws IOException {
        String request = "GET /api/v1/namespaces/team-a/configmaps HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer " + alice()
                + "\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\nProxy-Authorization: Basic eDp5\r\nX-Remote-User: admin\r\n"
                + "X-Remote-Group: system:masters\r\nKeep-Alive: timeout=5\r\nAccept: application/json\r\n\r\n";
        String answer = RawExchange.send(proxy.port(), request, null).head();
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        Seen seen = seen().get(0);
        for (String dropped : List.of("X-Hop", "Proxy-Authorization", "X-Remote-User", "X-Remote-Group", "Keep-Alive")) {
            assertTrue(seen.all(dropped).isEmpty(), dropped + " must not reach the API server");
        }
        assertEquals(List.of("application/json"), seen.all("Accept"));
    }

    @Test
    void requestBodiesStreamThroughWhetherSizedOrChunked() throws IOException {
        byte[] body = new byte[3 * 1024 * 1024];
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + alice()).contentType("application/json").body(body)
                .when().post("/api/v1/namespaces/team-a/configmaps")
                .then().statusCode(200).body("bodyBytes", equalTo(body.length));
        String chunked = "POST /api/v1/namespaces/team-a/configmaps HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer " + alice()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        RawExchange.Answer answer = RawExchange.send(proxy.port(), chunked, null);
        assertTrue(answer.head().startsWith("HTTP/1.1 200"), answer.head());
        assertEquals(11, seen().get(1).bodyBytes());
    }

    @Test
    void aWatchDeliversEachEventAsItHappens() throws Exception {
        String path = "/api/v1/namespaces/team-a/pods";
        HttpResponse<InputStream> response = DIRECT.send(HttpRequest.newBuilder(URI.create(proxyUrl() + path + "?watch=true"))
                .header("Authorization", "Bearer " + alice()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 1; i <= 3; i++) {
                String event = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-" + i + "\"}}}";
                pushWatchEvent(path, event);
                CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lines.readLine();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String arrived = await("event " + i + " arrives while the watch stays open").atMost(Duration.ofSeconds(5))
                        .until(() -> line.getNow(null), java.util.Objects::nonNull);
                assertEquals(event, arrived, "event " + i + " arrives while the watch stays open");
            }
            assertEquals(1, proxy.streamsOpen(), "the watch counts as an open stream");
            pushWatchEvent(path, "END");
            assertEquals(null, lines.readLine(), "the watch ends when the API server ends it");
        }
        RawExchange.await(() -> proxy.streamsOpen() == 0, "the stream is released");
        AuditEvent event = lastProxyEvent("watch");
        assertEquals("watch", event.verb());
        assertEquals("pods", event.resource().resource());
        assertEquals("team-a", event.resource().namespace());
        assertEquals(200, event.exchange().status());
        assertTrue(event.exchange().responseBytes() > 100, "the events' bytes are counted");
    }

    @Test
    void aLargeResponseStreamsThroughInFull() throws Exception {
        long size = 64L * 1024 * 1024;
        HttpResponse<InputStream> response = DIRECT.send(HttpRequest.newBuilder(URI.create(proxyUrl() + "/big?bytes=" + size))
                .header("Authorization", "Bearer " + alice()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(size), response.headers().firstValue("Content-Length").orElse(null));
        long read = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                read += n;
            }
        }
        assertEquals(size, read);
    }

    @Test
    void aWebSocketUpgradeCarriesBytesBothWays() throws IOException {
        String request = "GET /api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true&stdout=true HTTP/1.1\r\nHost: proxy\r\n"
                + "Authorization: Bearer " + alice() + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n";
        RawExchange.Answer answer = RawExchange.send(proxy.port(), request, "ping from the client\n");
        assertTrue(answer.head().startsWith("HTTP/1.1 101"), answer.head());
        assertTrue(answer.head().contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), answer.head());
        assertEquals("ready\nping from the client\n", answer.tunnelled());
        Seen seen = seen().get(0);
        assertEquals("GET", seen.method());
        assertEquals(List.of("oidc:user:alice"), seen.all("Impersonate-User"));
        assertEquals(List.of("websocket"), seen.all("Upgrade"));
        RawExchange.await(() -> proxy.streamsOpen() == 0, "the tunnel is released");
        AuditEvent event = lastProxyEvent(e -> e.exchange() != null && e.exchange().upgraded() && "GET".equals(e.exchange().method()),
                "the upgrade's event");
        assertTrue(event.exchange().upgraded());
        assertEquals(101, event.exchange().status());
        assertEquals("exec", event.resource().subresource());
        assertEquals("ping from the client\n".length(), event.exchange().requestBytes());
        assertEquals("ready\nping from the client\n".length(), event.exchange().responseBytes());
    }

    @Test
    void aSpdyUpgradeWithPostCarriesBytesBothWays() throws IOException {
        String request = "POST /api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true HTTP/1.1\r\nHost: proxy\r\n"
                + "Authorization: Bearer " + alice() + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: v3.channel.k8s.io\r\nContent-Length: 0\r\n\r\n";
        RawExchange.Answer answer = RawExchange.send(proxy.port(), request, "frames\n");
        assertTrue(answer.head().startsWith("HTTP/1.1 101"), answer.head());
        assertTrue(answer.head().contains("X-Stream-Protocol-Version: v4.channel.k8s.io"), answer.head());
        assertEquals("ready\nframes\n", answer.tunnelled());
        Seen seen = seen().get(0);
        assertEquals("POST", seen.method());
        assertEquals(List.of("SPDY/3.1"), seen.all("Upgrade"));
        assertEquals(List.of("v4.channel.k8s.io", "v3.channel.k8s.io"), seen.all("X-Stream-Protocol-Version"));
        assertEquals(List.of("oidc:team-a", "oidc:cluster-scope"), seen.all("Impersonate-Group"));
    }

    @Test
    void anUpgradeTheApiServerRefusesIsRelayedAsAnOrdinaryAnswer() throws IOException {
        for (String path : List.of("/api/v1/namespaces/team-b/pods/forbidden/exec", "/api/v1/namespaces/team-b/pods/forbidden-chunked/exec")) {
            String request = "POST " + path + "?command=sh HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer " + alice()
                    + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n";
            RawExchange.Answer answer = RawExchange.send(proxy.port(), request, null);
            assertTrue(answer.head().startsWith("HTTP/1.1 403"), answer.head());
            assertTrue(answer.body().contains("cannot create resource pods/exec") && answer.body().endsWith("}"), answer.body());
        }
    }

    @Test
    void aStalledApiServerGets504() throws IOException {
        long start = System.nanoTime();
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + alice()).when().get("/stall")
                .then().statusCode(504).body("details.causes[0].reason", equalTo("upstream_timeout"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        // the reset upstream request reports its failure after the 504 went out: once a second answer was attempted
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight() == 0);
        assertFalse(Files.readString(Path.of("target/audit-test/clearance.log")).contains("Response head already sent"),
                "one answer per request, and no uncaught exception");
    }

    @Test
    void everyRequestIsAuditedWithoutItsToken() throws IOException {
        String token = alice();
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + token).when().delete("/api/v1/namespaces/team-a/pods/web")
                .then().statusCode(200);
        AuditEvent event = lastProxyEvent(e -> "/api/v1/namespaces/team-a/pods/web".equals(e.path()), "the delete's event");
        assertEquals("proxy", event.kind().wire());
        assertEquals("allow", event.decision().wire());
        assertEquals("forwarded", event.reason().code());
        assertEquals("oidc:user:alice", event.user().username());
        assertEquals("/api/v1/namespaces/team-a/pods/web", event.path());
        assertEquals("web", event.resource().name());
        assertEquals("DELETE", event.exchange().method());
        assertEquals(200, event.exchange().status());
        assertTrue(event.exchange().responseBytes() > 0);
        assertNotNull(event.token().fingerprint());
        Response refused = given().baseUri(proxyUrl()).header("Authorization", "Bearer " + token).header("Impersonate-User", "bob")
                .when().get("/api/v1/pods");
        assertEquals(403, refused.statusCode());
        AuditEvent denied = lastProxyEvent(e -> "/api/v1/pods".equals(e.path()), "the refusal's event");
        assertEquals("deny", denied.decision().wire());
        assertEquals("impersonation_refused", denied.reason().code());
        String written = java.nio.file.Files.readString(java.nio.file.Path.of("target/audit-test/audit.jsonl"));
        assertFalse(written.contains(token), "the audit trail never holds a token");
        assertFalse(written.contains(token.substring(token.lastIndexOf('.') + 1)), "nor a signature");
    }

    @Test
    void theApiServerGetsTheProxysDecisionIdAsAuditIdAndNeverTheClients() {
        given().baseUri(proxyUrl()).header("Authorization", "Bearer " + alice()).header("Audit-ID", "forged-audit-id")
                .when().get("/api/v1/namespaces/team-a/configmaps/audit-id").then().statusCode(200);
        Seen seen = seen().get(0);
        AuditEvent event = lastProxyEvent(e -> "/api/v1/namespaces/team-a/configmaps/audit-id".equals(e.path()), "its event");

        assertEquals(List.of(event.decisionId()), seen.all("Audit-ID"));
        assertEquals(7, java.util.UUID.fromString(event.decisionId()).version());
        assertFalse(seen.impersonationHeaderNames().stream().anyMatch(n -> n.toLowerCase().contains("decision-id")),
                seen.impersonationHeaderNames().toString());
    }

    @Test
    void readinessReportsTheProxy() {
        // overall readiness is DOWN here on purpose (the test issuers include a dead one); the proxy's own check is UP
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'proxy' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'proxy' }.data.port", equalTo(proxy.port()));
    }

    private AuditEvent lastProxyEvent(String verb) {
        return lastProxyEvent(e -> verb.equals(e.verb()), "a proxy event for " + verb);
    }

    private AuditEvent lastProxyEvent(java.util.function.Predicate<AuditEvent> which, String what) {
        java.util.function.Predicate<AuditEvent> proxied = e -> "proxy".equals(e.kind().wire()) && which.test(e);
        RawExchange.await(() -> !audit.query(proxied, 1).isEmpty(), what);
        return audit.query(proxied, 1).get(0);
    }
}
