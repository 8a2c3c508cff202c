package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Mutual TLS for the webhooks: {@code clearance.tls.*}. Certificates themselves are standard {@code quarkus.tls.*}. */
@ConfigMapping(prefix = "clearance.tls")
public interface TlsConfig {

    /**
     * Refuse (401) every request that did not present a client certificate signed by a CA of the HTTP server's
     * trust store ({@code quarkus.tls.<name>.trust-store.*} for the configuration
     * {@code quarkus.http.tls-configuration-name} names, else {@code quarkus.tls.trust-store.*}): the webhooks, the
     * audit query, the development issuer, whatever else is served. Only the probes stay open: {@code /q/health} and
     * below, and {@code /q/metrics}. Requires HTTPS, and start-up refuses it without that trust store (the JDK's
     * public CAs would otherwise vouch for client certificates) or with {@code trust-all}.
     */
    @WithDefault("false")
    boolean requireClientCertificate();
}
