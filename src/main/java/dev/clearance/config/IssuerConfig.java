package dev.clearance.config;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trusted issuer: {@code clearance.issuers.<name>.*}, with clearance's {@link IssuerKnobs}. Validated at start-up by
 * {@code token.IssuerSettings}.
 */
public interface IssuerConfig extends IssuerKnobs {

    /** The exact value of the {@code iss} claim, byte for byte (a trailing slash matters). No default. */
    String issuer();

    /** The token's {@code aud} must contain at least one of these (the cluster ID). No default. */
    List<String> audiences();

    /** OIDC discovery document; default {@code <issuer>/.well-known/openid-configuration}. */
    Optional<URI> discoveryUrl();

    /** JWKS location; when set, discovery is skipped. */
    Optional<URI> jwksUrl();

    /** A static JWKS file, read at start-up and on every refresh; no network at all (air-gapped). */
    Optional<Path> jwksFile();

    /** PEM bundle trusted, in addition to the system trust store, for discovery and JWKS over HTTPS. */
    Optional<Path> caFile();

    /** Claim that becomes the Kubernetes username. With {@code email}, {@code email_verified} must be true. */
    @WithDefault("sub")
    String usernameClaim();

    /** Prepended to every username; must not be empty nor start with {@code system:}. */
    @WithDefault("oidc:")
    String usernamePrefix();

    /** Claim holding the groups, an array of strings or a single string. */
    @WithDefault("groups")
    String groupsClaim();

    /** Prepended to every group, so {@code system:masters} can only come out as {@code oidc:system:masters}. */
    @WithDefault("oidc:")
    String groupsPrefix();

    /** Claim that becomes the Kubernetes UID; when set, tokens without it are refused. */
    Optional<String> uidClaim();

    /** Extra attributes: {@code extra."<extra-key>"=<claim>}; a string or array claim becomes a list. */
    Map<String, String> extra();

    /** Claims that must be present and equal to the given string: {@code required-claims."<claim>"=<value>}. */
    Map<String, String> requiredClaims();
}
