package dev.clearance.token;

import java.util.Objects;

/** An issuer's settings together with its live key set. */
record TrustedIssuer(IssuerSettings settings, IssuerKeys keys) {

    TrustedIssuer {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keys, "keys");
    }
}
