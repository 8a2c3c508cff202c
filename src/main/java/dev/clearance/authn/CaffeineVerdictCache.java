package dev.clearance.authn;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The verdict cache on quarkus-cache (Caffeine): size-bounded, with the configured TTL as Caffeine's
 * expire-after-write. Each entry also carries its own expiry (a token's {@code exp}, 10 s for refusals), checked
 * on read, so no entry is ever served past it.
 */
final class CaffeineVerdictCache implements VerdictCache {

    private record Entry(AuthnDecision decision, Instant expiresAt) {}

    private final CaffeineCache cache;

    CaffeineVerdictCache(Cache cache) {
        this.cache = cache.as(CaffeineCache.class);
    }

    @Override
    public AuthnDecision get(String key, Instant now) {
        CompletableFuture<Entry> future = cache.getIfPresent(key);
        if (future == null) {
            return null;
        }
        Entry entry = future.getNow(null);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt())) {
            invalidate(key);
            return null;
        }
        return entry.decision();
    }

    @Override
    public int dropIssuers(java.util.Set<String> issuers) {
        int dropped = 0;
        if (issuers.isEmpty()) {
            return dropped;
        }
        for (Object key : cache.keySet()) {
            CompletableFuture<Entry> future = cache.getIfPresent(key);
            Entry entry = future == null ? null : future.getNow(null);
            if (entry != null && issuers.contains(entry.decision().facts().issuer())) {
                invalidate(key);
                dropped++;
            }
        }
        return dropped;
    }

    /** quarkus-cache's invalidate is a lazy Uni: it does nothing until subscribed (it completes at once, never blocks). */
    private void invalidate(Object key) {
        cache.invalidate(key).subscribe().with(done -> { }, failure -> { });
    }

    @Override
    public void put(String key, AuthnDecision decision, Instant expiresAt) {
        cache.put(key, CompletableFuture.completedFuture(new Entry(decision, expiresAt)));
    }
}
