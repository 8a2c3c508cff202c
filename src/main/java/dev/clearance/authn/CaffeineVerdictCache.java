package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The verdict cache on Caffeine, bounded by memory: each entry weighs its {@link EntrySize} estimate in bytes and
 * Caffeine evicts (W-TinyLFU: a flood of tokens seen once does not push out the ones used again) beyond
 * {@code maxBytes}. The configured TTL is Caffeine's expire-after-write. Each entry also carries its own expiry (a
 * token's {@code exp}, 10 s for refusals), checked on read, so no entry is ever served past it.
 *
 * <p>Built directly rather than through quarkus-cache, whose configuration has no weigher.
 */
final class CaffeineVerdictCache implements VerdictCache {

    private record Entry(AuthnDecision decision, Instant expiresAt) {}

    private final Cache<String, Entry> cache;
    private final long maxBytes;
    private final LongAdder evictedForSize = new LongAdder();
    private final LongAdder evictedExpired = new LongAdder();
    private final AtomicLong generation = new AtomicLong();

    CaffeineVerdictCache(long maxBytes, Duration ttl) {
        this(maxBytes, ttl, null);
    }

    /** @param executor Caffeine's maintenance executor; null for its default (the common pool) */
    CaffeineVerdictCache(long maxBytes, Duration ttl, Executor executor) {
        this.maxBytes = maxBytes;
        Caffeine<String, Entry> builder = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> EntrySize.of(key, entry.decision()))
                .expireAfterWrite(ttl)
                .evictionListener((String key, Entry entry, RemovalCause cause) -> evicted(cause));
        if (executor != null) {
            builder.executor(executor);
        }
        this.cache = builder.build();
    }

    private void evicted(RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            evictedForSize.increment();
        } else if (cause == RemovalCause.EXPIRED) {
            evictedExpired.increment();
        }
    }

    @Override
    public AuthnDecision get(String key, Instant now) {
        Entry entry = cache.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt())) {
            cache.asMap().remove(key, entry);
            return null;
        }
        return entry.decision();
    }

    @Override
    public void put(String key, AuthnDecision decision, Instant expiresAt, long seen) {
        if (generation.get() != seen) {
            return;
        }
        Entry entry = new Entry(decision, expiresAt);
        cache.put(key, entry);
        if (generation.get() != seen) {
            cache.asMap().remove(key, entry); // a drop ran meanwhile and may have missed it
        }
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public int dropIssuers(Set<String> issuers) {
        if (issuers.isEmpty()) {
            return 0;
        }
        generation.incrementAndGet(); // first: a verdict reached before the change is from now on never stored
        int[] dropped = {0};
        cache.asMap().entrySet().removeIf(e -> {
            // refusals of unparsable tokens have no issuer; and Set.of(...).contains(null) throws
            String issuer = e.getValue().decision().facts().issuer();
            boolean drop = issuer != null && issuers.contains(issuer);
            dropped[0] += drop ? 1 : 0;
            return drop;
        });
        return dropped[0];
    }

    long maxBytes() {
        return maxBytes;
    }

    /** How many entries the cache holds, roughly (Caffeine's estimate). */
    long entries() {
        return cache.estimatedSize();
    }

    /** The estimated bytes of the entries held. */
    long bytes() {
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    long evictedForSize() {
        return evictedForSize.sum();
    }

    long evictedExpired() {
        return evictedExpired.sum();
    }

    /** Runs the pending maintenance (evictions) now: for tests. */
    void cleanUp() {
        cache.cleanUp();
    }
}
