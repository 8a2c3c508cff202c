package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.MutableClock;
import dev.clearance.testsupport.TestIssuerConfig;
import dev.clearance.testsupport.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Key set lifecycle: rate-limited refetch, last good keys kept, concurrent demands coalesced. */
class IssuerKeysTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final FakeKeySource source = new FakeKeySource(TestKeys.jwks(TestKeys.RSA_1));
    final IssuerKeys keys = new IssuerKeys(IssuerSettings.from("p", TestIssuerConfig.defaults()
            .withRefresh(Duration.ofMinutes(10), Duration.ofSeconds(30))), source, clock, Verifiers.NO_BACKGROUND);

    @Test
    void refetchesAtMostOncePerMinimumInterval() {
        keys.refetch().join();
        source.serve(TestKeys.jwks(TestKeys.RSA_1, TestKeys.RSA_2));

        clock.advance(Duration.ofSeconds(29));
        KeySet early = keys.refetch().join();
        clock.advance(Duration.ofSeconds(1));
        KeySet due = keys.refetch().join();

        assertEquals(1, early.size(), "within the interval the current set is answered");
        assertEquals(2, due.size());
        assertEquals(2, source.fetches.get());
    }

    @Test
    void keepsTheLastGoodKeysWhenARefreshFails() {
        KeySet good = keys.refetch().join();
        source.fail();
        clock.advance(Duration.ofMinutes(1));

        KeySet after = keys.refetch().join();

        assertSame(good, after);
        assertSame(good, keys.current());
        assertTrue(keys.lastError().contains("simulated outage"), keys.lastError());
    }

    @Test
    void retriesSoonWhileNoKeysWereEverFetched() {
        source.fail();
        assertNull(keys.refetch().join());
        source.serve(TestKeys.jwks(TestKeys.RSA_1));

        assertNull(keys.refetch().join(), "not before the no-keys retry interval");
        clock.advance(IssuerKeys.NO_KEYS_RETRY);
        assertNotNull(keys.refetch().join());
    }

    @Test
    void concurrentDemandsShareOneFetch() {
        CompletableFuture<String> held = source.hold();
        CompletableFuture<KeySet> first = keys.refetch();
        CompletableFuture<KeySet> second = keys.refetch();

        held.complete(TestKeys.jwks(TestKeys.RSA_1));

        assertEquals(1, first.join().size());
        assertEquals(1, second.join().size());
        assertEquals(1, source.fetches.get());
    }

    @Test
    void aDocumentWithoutKeysIsAFailureNotAnEmptySet() {
        keys.refetch().join();
        source.serve("{\"keys\":[]}");
        clock.advance(Duration.ofMinutes(1));

        assertEquals(1, keys.refetch().join().size());
        assertTrue(keys.lastError().contains("no usable"), keys.lastError());
    }
}
