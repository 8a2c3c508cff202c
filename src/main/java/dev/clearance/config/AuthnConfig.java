package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The TokenReview webhook: {@code clearance.authn.*}. */
@ConfigMapping(prefix = "clearance.authn")
public interface AuthnConfig {

    /**
     * How long a verdict is reused for the same token and audiences. An accepted token is never cached
     * beyond its {@code exp}, a refused one never beyond 10 seconds. 0 disables the cache.
     */
    @WithDefault("2m")
    Duration cacheTtl();

    /**
     * The API server's {@code --api-audiences}. Unset: every requested audience is answered as if it were the
     * API server's own (third parties such as Vault asking about other audiences get a yes).
     */
    Optional<List<String>> apiAudiences();

    /** Longer tokens are refused before any parsing. */
    @WithDefault("16384")
    int maxTokenBytes();

    /** Tokens carrying more groups than this are refused. */
    @WithDefault("256")
    int maxGroups();
}
