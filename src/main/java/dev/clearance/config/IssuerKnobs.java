package dev.clearance.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * The settings clearance adds to an issuer, with their defaults: part of every {@code clearance.issuers.<name>}
 * block, and the defaults of every issuer of the AuthenticationConfiguration file
 * ({@code clearance.authn.file-issuers.*}). Validated by {@code token.IssuerSettings.knobs}.
 */
public interface IssuerKnobs {

    /** Signature algorithms accepted from this issuer; never {@code none} or any HS* (kube-apiserver: RS, ES, PS). */
    @WithDefault("RS256,ES256")
    List<String> algorithms();

    /** Tolerance applied to {@code exp}, {@code nbf} and {@code iat}; at most 5 minutes. */
    @WithDefault("30s")
    Duration clockSkew();

    /** Tokens whose {@code exp - iat} exceeds this are refused; 0 disables the check. */
    @WithDefault("15m")
    Duration maxTokenLifetime();

    /** How often the key set is refreshed in the background. */
    @WithDefault("10m")
    Duration jwksRefreshInterval();

    /** Minimum time between two fetches caused by a token with an unknown {@code kid}. */
    @WithDefault("30s")
    Duration jwksMinRefreshInterval();

    /** Connect timeout for discovery and JWKS requests. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Timeout for a whole discovery or JWKS response. */
    @WithDefault("10s")
    Duration readTimeout();
}
