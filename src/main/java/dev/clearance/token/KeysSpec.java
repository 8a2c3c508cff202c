package dev.clearance.token;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an issuer's key fetching depends on, and nothing else. A reload keeps the live key set of an issuer whose
 * spec is unchanged (a changed claim mapping refetches nothing), and starts fresh fetching for one whose spec changed.
 */
record KeysSpec(String name, String issuer, KeyLocation location, Optional<Path> caFile,
        List<X509Certificate> certificateAuthority, Duration refresh, Duration minRefresh, Duration connectTimeout,
        Duration readTimeout) {

    static KeysSpec of(IssuerSettings s) {
        return new KeysSpec(s.name(), s.issuer(), s.keyLocation(), s.caFile(), s.certificateAuthority(),
                s.jwksRefreshInterval(), s.jwksMinRefreshInterval(), s.connectTimeout(), s.readTimeout());
    }

}
