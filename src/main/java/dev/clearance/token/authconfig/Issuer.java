package dev.clearance.token.authconfig;

import java.util.List;
import java.util.Objects;

/**
 * {@code jwt[].issuer}. Every string is "" when absent (upstream's {@code discoveryURL} is a pointer, but its
 * validation reads nil and "" alike).
 *
 * @param certificateAuthority PEM text, not a path
 * @param audienceMatchPolicy "" or {@code MatchAny}
 * @param egressSelectorType "", {@code controlplane} or {@code cluster}; clearance ignores it (with a warning)
 */
public record Issuer(
        String url,
        String discoveryURL,
        String certificateAuthority,
        List<String> audiences,
        String audienceMatchPolicy,
        String egressSelectorType) {

    public Issuer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(discoveryURL, "discoveryURL");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(audienceMatchPolicy, "audienceMatchPolicy");
        Objects.requireNonNull(egressSelectorType, "egressSelectorType");
    }
}
