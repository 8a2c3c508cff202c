package dev.clearance.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestKeys;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Discovery and JWKS fetches are bounded as a whole, head and body: an issuer that sends its head and then stalls
 * or trickles its body fails the fetch with a timeout after {@code read-timeout}, and the connection is released.
 */
class HttpKeySourceTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final String ISSUER_PATH = "/issuer";
    static final String DISCOVERY = ISSUER_PATH + "/.well-known/openid-configuration";
    static final String JWKS = ISSUER_PATH + "/jwks";

    final SlowIssuer server = SlowIssuer.start();

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    record Case(String name, Function<SlowIssuer, KeyLocation> location, String misbehaving, SlowIssuer.Behaviour behaviour) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> stalledExchanges() {
        Function<SlowIssuer, KeyLocation> jwksUrl = s -> new KeyLocation.JwksUrl(s.url(JWKS));
        Function<SlowIssuer, KeyLocation> discovery = s -> new KeyLocation.Discovery(s.url(DISCOVERY));
        return Stream.of(
                new Case("a JWKS that sends its head, then stalls", jwksUrl, JWKS, new SlowIssuer.StallAfterHead()),
                new Case("a discovery document that sends its head, then stalls", discovery, DISCOVERY,
                        new SlowIssuer.StallAfterHead()),
                new Case("the JWKS named by a good discovery document sends its head, then stalls", discovery, JWKS,
                        new SlowIssuer.StallAfterHead()),
                new Case("a JWKS that trickles one byte every 100 ms and never ends", jwksUrl, JWKS, new SlowIssuer.Trickle()),
                new Case("a discovery document that trickles one byte every 100 ms and never ends", discovery, DISCOVERY,
                        new SlowIssuer.Trickle()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stalledExchanges")
    void failsWithATimeoutAfterTheReadTimeoutAndReleasesTheConnection(Case c) {
        server.on(DISCOVERY, new SlowIssuer.Serve(discoveryDocument(), Duration.ZERO))
                .on(JWKS, new SlowIssuer.Serve(TestKeys.jwks(TestKeys.RSA_1), Duration.ZERO))
                .on(c.misbehaving(), c.behaviour());
        HttpKeySource source = new HttpKeySource(issuerUrl(), c.location().apply(server), client(), READ_TIMEOUT);

        long started = System.nanoTime();
        CompletableFuture<String> fetch = source.fetch();
        await().atMost(Duration.ofSeconds(3)).until(fetch::isDone);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        CompletionException failure = assertThrows(CompletionException.class, fetch::join);
        assertInstanceOf(HttpTimeoutException.class, failure.getCause(), "IssuerKeys reports this as \"timed out\"");
        assertTrue(took.compareTo(READ_TIMEOUT) >= 0, "not before the read timeout: " + took);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertEquals(1, server.abandoned(),
                "the stalled exchange's connection is closed, not left open"));
    }

    @Test
    void givesDiscoveryAndTheJwksEachTheirOwnReadTimeout() throws Exception {
        Duration budget = Duration.ofMillis(1500);
        Duration each = Duration.ofMillis(900);
        server.on(DISCOVERY, new SlowIssuer.Serve(discoveryDocument(), each))
                .on(JWKS, new SlowIssuer.Serve(TestKeys.jwks(TestKeys.RSA_1), each));
        HttpKeySource source = new HttpKeySource(issuerUrl(), new KeyLocation.Discovery(server.url(DISCOVERY)), client(), budget);

        String jwks = source.fetch().get(5, TimeUnit.SECONDS);

        assertEquals(TestKeys.jwks(TestKeys.RSA_1), jwks, "1.8 s in all, but neither document took longer than 1.5 s");
    }

    @Test
    void fetchesAPromptJwks() throws Exception {
        server.on(JWKS, new SlowIssuer.Serve(TestKeys.jwks(TestKeys.RSA_1), Duration.ZERO));
        HttpKeySource source = new HttpKeySource(issuerUrl(), new KeyLocation.JwksUrl(server.url(JWKS)), client(), READ_TIMEOUT);

        assertEquals(TestKeys.jwks(TestKeys.RSA_1), source.fetch().get(5, TimeUnit.SECONDS));
    }

    String issuerUrl() {
        return server.url(ISSUER_PATH).toString();
    }

    String discoveryDocument() {
        return "{\"issuer\":\"" + issuerUrl() + "\",\"jwks_uri\":\"" + server.url(JWKS) + "\"}";
    }

    /** As TrustedIssuers builds it. */
    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }
}
