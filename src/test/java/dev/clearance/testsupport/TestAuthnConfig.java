package dev.clearance.testsupport;

import dev.clearance.config.AuthnConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clearance.authn.*} with its documented defaults, for code that reads an AuthenticationConfiguration outside a
 * running application (unit tests, {@code bench/cel-cost.sh}).
 *
 * @param blocks {@code clearance.authn.file-issuers.issuer.<name>} blocks by name
 */
public record TestAuthnConfig(Map<String, AuthnConfig.FileIssuer> blocks, boolean allowSystemNames) implements AuthnConfig {

    public static TestAuthnConfig defaults() {
        return new TestAuthnConfig(Map.of(), false);
    }

    public Duration cacheTtl() { return Duration.ofMinutes(2); }

    public Optional<List<String>> apiAudiences() { return Optional.empty(); }

    public int maxTokenBytes() { return 16384; }

    public int maxGroups() { return 256; }

    public Optional<io.quarkus.runtime.configuration.MemorySize> cacheMaxMemory() { return Optional.empty(); }

    public boolean nativeCrypto() { return true; }

    public Optional<Path> configFile() { return Optional.of(Path.of("/etc/clearance/authentication-config.yaml")); }

    public Duration configPollInterval() { return Duration.ofSeconds(10); }

    public Duration configReloadTimeout() { return Duration.ofMinutes(1); }

    public FileIssuers fileIssuers() {
        return new FileIssuers() {
            public List<String> algorithms() { return List.of("RS256", "ES256"); }
            public Duration clockSkew() { return Duration.ofSeconds(30); }
            public Duration maxTokenLifetime() { return Duration.ofMinutes(15); }
            public Duration jwksRefreshInterval() { return Duration.ofMinutes(10); }
            public Duration jwksMinRefreshInterval() { return Duration.ofSeconds(30); }
            public Duration connectTimeout() { return Duration.ofSeconds(5); }
            public Duration readTimeout() { return Duration.ofSeconds(10); }
            public boolean allowSystemNames() { return allowSystemNames; }
            public Map<String, FileIssuer> byName() { return blocks; }
        };
    }
}
