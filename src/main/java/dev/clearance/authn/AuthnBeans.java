package dev.clearance.authn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AuthnConfig;
import dev.clearance.token.TokenVerifier;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain authn classes from configuration. */
class AuthnBeans {

    static final String VERDICT_CACHE = "clearance-verdicts";

    @Produces
    @Singleton
    TokenReviewer reviewer(TokenVerifier verifier, AuthnConfig config, @CacheName(VERDICT_CACHE) Cache cache, Clock clock) {
        if (config.cacheTtl().isNegative()) {
            throw new ConfigurationException("clearance.authn.cache-ttl must not be negative (0 disables the cache)");
        }
        return new TokenReviewer(verifier, new AudiencePolicy(config.apiAudiences()), new CaffeineVerdictCache(cache),
                config.cacheTtl(), clock);
    }

    @Produces
    @Singleton
    TokenReviewCodec codec(ObjectMapper mapper) {
        return new TokenReviewCodec(new ReviewJson(mapper));
    }
}
