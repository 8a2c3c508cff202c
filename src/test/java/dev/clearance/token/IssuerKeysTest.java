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
        keys.refetch().join().keys();
        source.serve(TestKeys.jwks(TestKeys.RSA_1, TestKeys.RSA_2));

        clock.advance(Duration.ofSeconds(29));
        KeySet early = keys.refetch().join().keys();
        clock.advance(Duration.ofSeconds(1));
        KeySet due = keys.refetch().join().keys();

        assertEquals(1, early.size(), "within the interval the current set is answered");
        assertEquals(2, due.size());
        assertEquals(2, source.fetches.get());
    }

    @Test
    void keepsTheLastGoodKeysWhenARefreshFails() {
        KeySet good = keys.refetch().join().keys();
        source.fail();
        clock.advance(Duration.ofMinutes(1));

        KeySet after = keys.refetch().join().keys();

        assertSame(good, after);
        assertSame(good, keys.current());
        assertTrue(keys.lastError().contains("simulated outage"), keys.lastError());
    }

    @Test
    void retriesSoonWhileNoKeysWereEverFetched() {
        source.fail();
        assertNull(keys.refetch().join().keys());
        source.serve(TestKeys.jwks(TestKeys.RSA_1));

        assertNull(keys.refetch().join().keys(), "not before the no-keys retry interval");
        clock.advance(IssuerKeys.NO_KEYS_RETRY);
        assertNotNull(keys.refetch().join().keys());
    }

    @Test
    void concurrentDemandsShareOneFetch() {
        CompletableFuture<String> held = source.hold();
        CompletableFuture<KeyRefetch> first = keys.refetch();
        CompletableFuture<KeyRefetch> second = keys.refetch();

        held.complete(TestKeys.jwks(TestKeys.RSA_1));

        assertEquals(1, first.join().keys().size());
        assertEquals(1, second.join().keys().size());
        assertEquals(1, source.fetches.get());
    }

    @Test
    void aDocumentWithoutKeysIsAFailureNotAnEmptySet() {
        keys.refetch().join().keys();
        source.serve("{\"keys\":[]}");
        clock.advance(Duration.ofMinutes(1));

        assertEquals(1, keys.refetch().join().keys().size());
        assertTrue(keys.lastError().contains("no usable"), keys.lastError());
    }

    @Test
    void saysItRefetchedWhenItDid() {
        keys.refetch().join();
        clock.advance(Duration.ofSeconds(30));

        KeyRefetch refetch = keys.refetch().join();

        assertEquals(KeyRefetch.Outcome.REFETCHED, refetch.outcome());
        assertEquals("its key set was refetched just now", refetch.explanation());
        assertEquals(2, source.fetches.get());
    }

    @Test
    void saysItSkippedTheRefetchUnderTheRateLimit() {
        KeySet first = keys.refetch().join().keys();
        clock.advance(Duration.ofMillis(3_400));

        KeyRefetch refetch = keys.refetch().join();

        assertEquals(KeyRefetch.Outcome.SKIPPED_RATE_LIMITED, refetch.outcome());
        assertSame(first, refetch.keys());
        assertEquals("the key set was not refetched: the last fetch was 3 s ago, under jwks-min-refresh-interval 30s",
                refetch.explanation());
        assertEquals(1, source.fetches.get());
    }

    @Test
    void saysTheRefetchFailedAndTheLastGoodKeysWereUsed() {
        KeySet good = keys.refetch().join().keys();
        source.fail();
        clock.advance(Duration.ofMinutes(1));

        KeyRefetch refetch = keys.refetch().join();

        assertEquals(KeyRefetch.Outcome.FAILED, refetch.outcome());
        assertSame(good, refetch.keys());
        assertEquals("refetching the key set failed: \"simulated outage\"; the last good keys were used", refetch.explanation());
    }

    @Test
    void aDemandJoiningAFetchInFlightIsToldHowThatFetchEnded() {
        keys.refetch().join();
        clock.advance(Duration.ofMinutes(1));
        CompletableFuture<String> held = source.hold();
        CompletableFuture<KeyRefetch> first = keys.refetch();
        CompletableFuture<KeyRefetch> joined = keys.refetch();

        held.completeExceptionally(new java.io.IOException("reset by peer"));

        assertEquals(KeyRefetch.Outcome.FAILED, first.join().outcome());
        assertEquals(KeyRefetch.Outcome.FAILED, joined.join().outcome());
        assertTrue(joined.join().explanation().contains("reset by peer"), joined.join().explanation());
    }
}
