package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The memory bound, the per-entry expiry, dropping an issuer's verdicts and the metrics, on the real cache. */
class CaffeineVerdictCacheTest {

    static final long MIB = 1024 * 1024;
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    final CaffeineVerdictCache cache = new CaffeineVerdictCache(MIB, Duration.ofMinutes(2), Runnable::run);

    @Test
    void neverHoldsMoreThanItsBoundByTheEstimate() {
        for (int i = 0; i < 10_000; i++) {
            cache.put(EntrySizeTest.key(i), EntrySizeTest.accepted(i, 2), NOW.plusSeconds(600));
            assertTrue(cache.bytes() <= MIB, "after " + i + " entries: " + cache.bytes() + " bytes");
        }
        cache.cleanUp();

        assertTrue(cache.bytes() > MIB * 9 / 10, "the bound is used, not wasted: " + cache.bytes());
        assertTrue(cache.entries() < 10_000);
        assertEquals(10_000 - cache.entries(), cache.evictedForSize());
    }

    @Test
    void aFloodOfOneTimeTokensDoesNotPushOutTheTokensInUse() {
        String hot = EntrySizeTest.key(-1);
        cache.put(hot, EntrySizeTest.accepted(-1, 2), NOW.plusSeconds(600));
        for (int i = 0; i < 10_000; i++) {
            cache.put(EntrySizeTest.key(i), EntrySizeTest.accepted(i, 2), NOW.plusSeconds(600));
            if (i % 100 == 0) {
                assertNotNull(cache.get(hot, NOW), "the token in use was evicted after " + i + " others");
            }
        }

        assertNotNull(cache.get(hot, NOW));
        assertNull(cache.get(EntrySizeTest.key(5_000), NOW), "a token seen once, long ago, made room");
    }

    @Test
    void anEntryThatAloneExceedsTheBoundIsNotKept() {
        CaffeineVerdictCache tiny = new CaffeineVerdictCache(1_000, Duration.ofMinutes(2), Runnable::run);

        tiny.put("k", EntrySizeTest.accepted(1, 50), NOW.plusSeconds(600));
        tiny.cleanUp();

        assertNull(tiny.get("k", NOW));
        assertEquals(0, tiny.bytes());
    }

    @Test
    void neverServesAnEntryPastItsOwnExpiry() {
        cache.put("k", EntrySizeTest.accepted(1, 2), NOW.plusSeconds(30));

        AuthnDecision before = cache.get("k", NOW.plusSeconds(29));
        AuthnDecision at = cache.get("k", NOW.plusSeconds(30));

        assertNotNull(before);
        assertNull(at);
        assertEquals(0, cache.entries(), "an expired entry is removed when read");
    }

    @Test
    void expiresEntriesAfterTheTtl() {
        CaffeineVerdictCache shortLived = new CaffeineVerdictCache(MIB, Duration.ofMillis(50), Runnable::run);
        shortLived.put("k", EntrySizeTest.accepted(1, 2), NOW.plusSeconds(600));

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            shortLived.cleanUp();
            return shortLived.evictedExpired() == 1;
        });
        assertNull(shortLived.get("k", NOW));
        assertEquals(0, shortLived.bytes());
    }

    @Test
    void dropsTheVerdictsOfChangedIssuersOnly() {
        cache.put("a1", decision("https://a.example"), NOW.plusSeconds(600));
        cache.put("a2", decision("https://a.example"), NOW.plusSeconds(600));
        cache.put("b1", decision("https://b.example"), NOW.plusSeconds(600));
        cache.put("none", new AuthnDecision.Unauthenticated(dev.clearance.token.AuthnReason.MALFORMED_TOKEN, "not a JWT",
                TokenFacts.NONE), NOW.plusSeconds(10));
        long weight = cache.bytes();

        int dropped = cache.dropIssuers(Set.of("https://a.example"));

        assertEquals(2, dropped);
        assertNull(cache.get("a1", NOW));
        assertNull(cache.get("a2", NOW));
        assertNotNull(cache.get("b1", NOW));
        assertNotNull(cache.get("none", NOW));
        assertTrue(cache.bytes() < weight, "the dropped entries' weight is released");
    }

    @Test
    void dropsNothingForNoIssuers() {
        cache.put("a1", decision("https://a.example"), NOW.plusSeconds(600));

        assertEquals(0, cache.dropIssuers(Set.of()));
        assertNotNull(cache.get("a1", NOW));
    }

    @Test
    void exposesEntriesBytesAndEvictionsOnPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VerdictCacheMeters.bind(registry, cache);
        for (int i = 0; i < 3_000; i++) {
            cache.put(EntrySizeTest.key(i), EntrySizeTest.accepted(i, 2), NOW.plusSeconds(600));
        }
        cache.cleanUp();

        String scrape = registry.scrape();

        assertTrue(scrape.contains("clearance_authn_verdict_cache_entries " + (double) cache.entries()), scrape);
        assertTrue(scrape.contains("clearance_authn_verdict_cache_bytes " + (double) cache.bytes()), scrape);
        assertTrue(scrape.contains("clearance_authn_verdict_cache_evictions_total{cause=\"size\",} "
                + (double) cache.evictedForSize()), scrape);
        assertTrue(scrape.contains("clearance_authn_verdict_cache_evictions_total{cause=\"expired\",} 0.0"), scrape);
        assertTrue(cache.evictedForSize() > 0);
    }

    static AuthnDecision decision(String issuer) {
        return new AuthnDecision.Authenticated(new Identity("oidc:user:alice", null, List.of("oidc:team-a"), Map.of()),
                List.of(), new TokenFacts(issuer, "alice", null, null));
    }

    @Test
    void aVerdictFromBeforeADropIsNotStoredOneFromAfterIs() {
        CaffeineVerdictCache cache = new CaffeineVerdictCache(1 << 20, Duration.ofMinutes(2), Runnable::run);
        long before = cache.generation();
        cache.dropIssuers(Set.of("https://a.example"));

        cache.put("old", decision("https://b.example"), NOW.plusSeconds(600), before);
        cache.put("new", decision("https://b.example"), NOW.plusSeconds(600), cache.generation());

        assertNull(cache.get("old", NOW), "verified under the configuration before the drop");
        assertNotNull(cache.get("new", NOW));
        cache.dropIssuers(Set.of());
        assertEquals(before + 1, cache.generation(), "an empty set of issuers changes nothing");
    }
}
