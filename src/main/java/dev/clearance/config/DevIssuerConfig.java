package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The embedded development issuer: {@code clearance.dev-issuer.*}. Never enable it in production. */
@ConfigMapping(prefix = "clearance.dev-issuer")
public interface DevIssuerConfig {

    /** Serves discovery, JWKS and token minting under {@code /dev-issuer}; true only in the dev and demo profiles. */
    @WithDefault("false")
    boolean enabled();

    /** The {@code iss} of minted tokens; discovery is served at {@code <issuer>/.well-known/openid-configuration}. */
    @WithDefault("http://localhost:${quarkus.http.port:8080}/dev-issuer")
    String issuer();

    /** The cluster ID minted tokens are issued for ({@code aud}). */
    @WithDefault("dev-cluster")
    String audience();

    /** The {@code platform_host} claim of minted tokens. */
    @WithDefault("localhost")
    String platformHost();

    /** Lifetime of minted tokens. */
    @WithDefault("10m")
    Duration tokenLifetime();
}
