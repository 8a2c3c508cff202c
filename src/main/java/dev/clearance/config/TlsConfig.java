package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Mutual TLS for the webhooks: {@code clearance.tls.*}. Certificates themselves are standard {@code quarkus.tls.*}. */
@ConfigMapping(prefix = "clearance.tls")
public interface TlsConfig {

    /**
     * Refuse webhook requests ({@code /authenticate}, {@code /authorize}, {@code /admit}) that did not present a
     * client certificate signed by a CA of {@code quarkus.tls.trust-store.*}. Health and metrics stay reachable for
     * probes. Requires HTTPS.
     */
    @WithDefault("false")
    boolean requireClientCertificate();
}
