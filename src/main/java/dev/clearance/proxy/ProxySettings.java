package dev.clearance.proxy;

import dev.clearance.config.ProxyConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The start-up check of {@code clearance.proxy.*}: the first setting the proxy cannot run with, named with what is
 * wrong, so start-up fails with one sentence instead of a proxy that misbehaves later. Pure: reads the configuration,
 * decides nothing else.
 */
final class ProxySettings {

    /** A setting the proxy cannot run with: the property, and what is wrong with it. */
    record Problem(String property, String problem) {
        String message() {
            return property + " " + problem;
        }

        ConfigurationException exception() {
            return new ConfigurationException(message(), Set.of(property));
        }
    }

    private ProxySettings() {}

    /** The first problem, in the order the properties are documented, or empty when the settings are usable. */
    static Optional<Problem> check(ProxyConfig config) {
        if (config.tlsConfigurationName().isEmpty() && !config.insecurePlainHttp()) {
            return problem("clearance.proxy.tls-configuration-name", "must name a quarkus.tls.<name> configuration holding the "
                    + "proxy's certificate (or set clearance.proxy.insecure-plain-http=true, for loopback development only)");
        }
        if (config.port() < 0 || config.port() > 65535) {
            return problem("clearance.proxy.port", "must be a TCP port (0 picks a free one), was " + config.port());
        }
        if (config.maxConcurrentRequests() < 1) {
            return problem("clearance.proxy.max-concurrent-requests", "must be positive");
        }
        if (config.maxHeaderBytes() < 8192) {
            return problem("clearance.proxy.max-header-bytes", "must be at least 8192: a token alone may take 16 KiB");
        }
        if (config.upstream().maxConnections() < 1) {
            return problem("clearance.proxy.upstream.max-connections", "must be positive");
        }
        if (!positive(config.upstream().connectTimeout())) {
            return problem("clearance.proxy.upstream.connect-timeout", "must be positive");
        }
        if (!positive(config.upstream().responseHeaderTimeout())) {
            return problem("clearance.proxy.upstream.response-header-timeout", "must be positive");
        }
        if (!positive(config.idleTimeout())) {
            return problem("clearance.proxy.idle-timeout", "must be positive");
        }
        if (config.drainTimeout().isNegative()) {
            return problem("clearance.proxy.drain-timeout", "must not be negative");
        }
        return Optional.empty();
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    private static Optional<Problem> problem(String property, String problem) {
        return Optional.of(new Problem(property, problem));
    }
}
