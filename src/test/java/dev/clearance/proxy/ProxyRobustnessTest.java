package dev.clearance.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestIssuersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an attacker can do to the proxy with requests, not tokens alone: crafted tokens by the thousand, malformed
 * query strings, connections that never send a request. Every request is answered, no slot is held, and quiet
 * streams are not mistaken for idle connections.
 */
@QuarkusTest
@WithTestResource(TestIssuersResource.class)
@WithTestResource(ScriptedApiServerResource.class)
@TestProfile(ProxyRobustnessTest.ShortIdleTimeout.class)
class ProxyRobustnessTest {

    static final Duration IDLE = Duration.ofSeconds(1);
    /** A token whose header is {@code {"alg":1}}: once a ClassCastException that left the request unanswered. */
    static final String CRAFTED = "eyJhbGciOjF9.e30.c2ln";

    public static final class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clearance.proxy.idle-timeout", IDLE.toMillis() + "ms");
        }
    }

    @Inject
    ProxyServer proxy;

    @BeforeEach
    void forget() {
        ProxyTest.control("/__control/reset");
    }

    static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    @Test
    void twoThousandCraftedTokensAreAllAnsweredAndNormalUsersAreStillServed() throws IOException {
        int connections = proxy.config().maxConcurrentRequests();
        List<Socket> sockets = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket("127.0.0.1", proxy.port());
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(get("/api/v1/namespaces/team-a/pods", CRAFTED).getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                String head = RawExchange.readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 401"), "every crafted request is answered: " + head);
            }
            await("every slot is free again while the crafted connections stay open").atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.inFlight() == 0);

            RawExchange.Answer alice = RawExchange.send(proxy.port(), get("/api/v1/namespaces/team-a/pods", ProxyTest.alice()), null);
            assertTrue(alice.head().startsWith("HTTP/1.1 200"), alice.head());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertTrue(ProxyTest.seen().stream().noneMatch(s -> s.headers().toString().contains(CRAFTED)), "no crafted request is forwarded");
    }

    @Test
    void aCraftedTokenIsRefusedWithAStatusAndTheSlotIsReleased() throws IOException {
        RawExchange.Answer answer = RawExchange.send(proxy.port(), get("/api/v1/namespaces", CRAFTED), null);

        assertTrue(answer.head().startsWith("HTTP/1.1 401"), answer.head());
        assertTrue(answer.body().contains("\"kind\":\"Status\""), answer.body());
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight() == 0);
    }

    @Test
    void aQueryStringThatDoesNotDecodeGets400AndNeverReachesTheApiServer() throws IOException {
        RawExchange.Answer answer = RawExchange.send(proxy.port(), get("/api/v1/pods?watch=%zz", ProxyTest.alice()), null);

        assertTrue(answer.head().startsWith("HTTP/1.1 400"), answer.head());
        assertTrue(answer.body().contains("percent-encoding") && answer.body().contains("request_invalid"), answer.body());
        assertTrue(ProxyTest.seen().isEmpty(), "nothing reached the API server");
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight() == 0);
    }

    @Test
    void anH2cOfferIsAnsweredInHttp11AndForwardedAsAnOrdinaryRequest() throws IOException {
        String request = "GET /api/v1/namespaces/team-a/configmaps HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer "
                + ProxyTest.alice() + "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAB\r\n\r\n";

        RawExchange.Answer answer = RawExchange.send(proxy.port(), request, null);

        assertTrue(answer.head().startsWith("HTTP/1.1 200"), answer.head());
        ProxyTest.Seen seen = ProxyTest.seen().get(0);
        assertTrue(seen.all("Upgrade").isEmpty() && seen.all("HTTP2-Settings").isEmpty(), "the offer is not passed on");
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) IDLE.multipliedBy(5).toMillis());
            long started = System.nanoTime();

            assertEquals(-1, socket.getInputStream().read(), "the proxy closes the connection");
            assertTrue(System.nanoTime() - started >= IDLE.toNanos() / 2, "not before the idle timeout");
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedOnceIdleAfterItsRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) IDLE.multipliedBy(5).toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get("/api/v1/namespaces/team-a/configmaps", ProxyTest.alice()).getBytes(StandardCharsets.ISO_8859_1));
            String head = RawExchange.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            in.readNBytes(contentLength(head));

            assertEquals(-1, in.read(), "closed once it has held no request for the idle timeout");
        }
    }

    @Test
    void aQuietWatchOutlivesTheIdleTimeout() throws Exception {
        String path = "/api/v1/namespaces/team-a/pods";
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get(path + "?watch=true", ProxyTest.alice()).getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(5000);
            String head = RawExchange.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            socket.setSoTimeout(100);

            await("the quiet watch stays open past the idle timeout").during(IDLE.multipliedBy(2)).atMost(IDLE.multipliedBy(4))
                    .until(() -> stillOpen(in));

            String event = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"late\"}}}";
            ProxyTest.pushWatchEvent(path, event);
            socket.setSoTimeout(5000);
            String chunkSize = RawExchange.readLine(in);
            assertTrue(Integer.parseInt(chunkSize.trim(), 16) > 0, chunkSize);
            assertTrue(RawExchange.readLine(in).contains("\"late\""), "the event arrives after the quiet spell");
            ProxyTest.pushWatchEvent(path, "END");
        }
    }

    /** True while the peer has neither sent bytes nor closed (a read times out). */
    private static boolean stillOpen(InputStream in) {
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
