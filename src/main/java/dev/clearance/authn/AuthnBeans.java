package dev.clearance.authn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AuthnConfig;
import dev.clearance.token.TokenVerifier;
import dev.clearance.token.TrustedIssuers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain authn classes from configuration. */
class AuthnBeans {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuthnBeans.class);

    @Produces
    @Singleton
    TokenReviewer reviewer(TokenVerifier verifier, TrustedIssuers issuers, AuthnConfig config,
            MeterRegistry registry, Clock clock) {
        if (config.cacheTtl().isNegative()) {
            throw new ConfigurationException("clearance.authn.cache-ttl must not be negative (0 disables the cache)");
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        long maxBytes = CacheMemory.bound(config.cacheMaxMemory(), maxHeap);
        CaffeineVerdictCache verdicts = new CaffeineVerdictCache(maxBytes, config.cacheTtl());
        VerdictCacheMeters.bind(registry, verdicts);
        LOG.infof("verdict cache: at most %d bytes (%d%% of the %d-byte heap), about %d entries of a token with 2 groups "
                + "(%d bytes each)", maxBytes, Math.round(100.0 * maxBytes / maxHeap), maxHeap, maxBytes / EntrySize.TYPICAL,
                EntrySize.TYPICAL);
        // a reloaded configuration may decide differently for the issuers it changed: forget what was decided for them
        issuers.onChange(changed -> {
            int dropped = verdicts.dropIssuers(changed);
            LOG.infof("issuers changed: %s; %d cached verdicts about their tokens dropped", new java.util.TreeSet<>(changed),
                    dropped);
        });
        return new TokenReviewer(verifier, new AudiencePolicy(config.apiAudiences()), verdicts, config.cacheTtl(), clock);
    }

    @Produces
    @Singleton
    TokenReviewCodec codec(ObjectMapper mapper) {
        return new TokenReviewCodec(new ReviewJson(mapper));
    }
}
