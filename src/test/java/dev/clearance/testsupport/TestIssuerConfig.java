package dev.clearance.testsupport;

import dev.clearance.config.IssuerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link IssuerConfig} for unit tests, with the documented defaults and copy-with methods. */
public record TestIssuerConfig(
        String issuer,
        List<String> audiences,
        Optional<URI> discoveryUrl,
        Optional<URI> jwksUrl,
        Optional<Path> jwksFile,
        Optional<Path> caFile,
        List<String> algorithms,
        Duration clockSkew,
        Duration maxTokenLifetime,
        String usernameClaim,
        String usernamePrefix,
        String groupsClaim,
        String groupsPrefix,
        Optional<String> uidClaim,
        Map<String, String> extra,
        Map<String, String> requiredClaims,
        Duration jwksRefreshInterval,
        Duration jwksMinRefreshInterval,
        Duration connectTimeout,
        Duration readTimeout) implements IssuerConfig {

    /** Defaults as documented, for {@link TestTokens#ISSUER} and {@link TestTokens#AUDIENCE}, keys by JWKS URL. */
    public static TestIssuerConfig defaults() {
        return new TestIssuerConfig(TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), Optional.empty(),
                Optional.of(URI.create("https://platform.test.example/api/oidc/jwks")), Optional.empty(), Optional.empty(),
                List.of("RS256", "ES256"), Duration.ofSeconds(30), Duration.ofMinutes(15), "sub", "oidc:", "groups", "oidc:",
                Optional.empty(), Map.of(), Map.of(), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    public TestIssuerConfig withIssuer(String v) {
        return new TestIssuerConfig(v, audiences, discoveryUrl, jwksUrl, jwksFile, caFile, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withAudiences(List<String> v) {
        return new TestIssuerConfig(issuer, v, discoveryUrl, jwksUrl, jwksFile, caFile, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withKeys(Optional<URI> discovery, Optional<URI> url, Optional<Path> file) {
        return new TestIssuerConfig(issuer, audiences, discovery, url, file, caFile, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withAlgorithms(List<String> v) {
        return new TestIssuerConfig(issuer, audiences, discoveryUrl, jwksUrl, jwksFile, caFile, v, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withTimes(Duration skew, Duration maxLifetime) {
        return new TestIssuerConfig(issuer, audiences, discoveryUrl, jwksUrl, jwksFile, caFile, algorithms, skew, maxLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withClaims(String usernameClaim, String usernamePrefix, String groupsPrefix, Optional<String> uid,
            Map<String, String> extra, Map<String, String> required) {
        return new TestIssuerConfig(issuer, audiences, discoveryUrl, jwksUrl, jwksFile, caFile, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uid, extra, required, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withRefresh(Duration interval, Duration minInterval) {
        return new TestIssuerConfig(issuer, audiences, discoveryUrl, jwksUrl, jwksFile, caFile, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, interval,
                minInterval, connectTimeout, readTimeout);
    }

    public TestIssuerConfig withCaFile(Optional<Path> v) {
        return new TestIssuerConfig(issuer, audiences, discoveryUrl, jwksUrl, jwksFile, v, algorithms, clockSkew, maxTokenLifetime,
                usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, uidClaim, extra, requiredClaims, jwksRefreshInterval,
                jwksMinRefreshInterval, connectTimeout, readTimeout);
    }
}
