package dev.clearance.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestIssuerConfig;
import dev.clearance.testsupport.TestKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The background refresh survives an issuer that stalls mid-body: the stalled fetch times out, the last good keys
 * stay in use, the next refresh is still scheduled, and once the issuer is healthy again it succeeds.
 */
class StalledIssuerRefreshTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final String JWKS = "/jwks";

    final SlowIssuer server = SlowIssuer.start();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stalled-issuer-refresh");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        server.close();
    }

    @Test
    void keepsTheLastGoodKeysAndRefreshesAgainAfterAStalledRefresh() {
        server.on(JWKS, new SlowIssuer.Serve(TestKeys.jwks(TestKeys.RSA_1), Duration.ZERO));
        IssuerSettings settings = IssuerSettings.from("slow", TestIssuerConfig.defaults()
                .withIssuer(server.url("/").toString())
                .withKeys(Optional.empty(), Optional.of(URI.create(server.url(JWKS).toString())), Optional.empty())
                .withRefresh(Duration.ofMillis(500), Duration.ofMillis(100)));
        IssuerKeys keys = new IssuerKeys(settings,
                new HttpKeySource(settings.issuer(), settings.keyLocation(), HttpKeySourceTest.client(), READ_TIMEOUT),
                Clock.systemUTC(), scheduler);
        keys.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> keys.current() != null);
        KeySet good = keys.current();

        server.on(JWKS, new SlowIssuer.StallAfterHead());
        int before = server.requests(JWKS);
        await().atMost(Duration.ofSeconds(5)).until(() -> "timed out".equals(keys.lastError()));
        int stalled = server.requests(JWKS);

        assertSame(good, keys.current(), "a refresh that timed out keeps the last good keys");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests(JWKS) > stalled);

        server.on(JWKS, new SlowIssuer.Serve(TestKeys.jwks(TestKeys.RSA_1, TestKeys.RSA_2), Duration.ZERO));
        await().atMost(Duration.ofSeconds(5)).until(() -> keys.current() != good && keys.lastError() == null);
        assertEquals(2, keys.current().size(), "the refresh after the stall loaded the issuer's new key set");
        assertTrue(stalled > before, "the stalled refresh reached the server");
    }
}
