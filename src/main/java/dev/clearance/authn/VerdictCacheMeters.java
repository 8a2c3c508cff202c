package dev.clearance.authn;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The verdict cache's footprint on {@code /q/metrics}: {@code clearance_authn_verdict_cache_entries},
 * {@code clearance_authn_verdict_cache_bytes} (the estimate the bound applies to) and
 * {@code clearance_authn_verdict_cache_evictions_total{cause="size|expired"}}: evictions for size that keep rising
 * mean the bound is too small for the tokens in use.
 */
final class VerdictCacheMeters {

    private VerdictCacheMeters() {
    }

    static void bind(MeterRegistry registry, CaffeineVerdictCache cache) {
        Gauge.builder("clearance.authn.verdict.cache.entries", cache, CaffeineVerdictCache::entries)
                .description("Verdicts in the cache").register(registry);
        Gauge.builder("clearance.authn.verdict.cache.bytes", cache, CaffeineVerdictCache::bytes)
                .description("Estimated heap held by the verdict cache").register(registry);
        FunctionCounter.builder("clearance.authn.verdict.cache.evictions", cache, CaffeineVerdictCache::evictedForSize)
                .tag("cause", "size").description("Verdicts evicted from the cache, by cause").register(registry);
        FunctionCounter.builder("clearance.authn.verdict.cache.evictions", cache, CaffeineVerdictCache::evictedExpired)
                .tag("cause", "expired").description("Verdicts evicted from the cache, by cause").register(registry);
    }
}
