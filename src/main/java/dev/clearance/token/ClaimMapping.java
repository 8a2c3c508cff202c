package dev.clearance.token;

import java.util.Map;
import java.util.Optional;

/**
 * How an issuer's claims become a Kubernetes identity.
 *
 * @param extra extra key to claim name, in configuration order
 */
public record ClaimMapping(
        String usernameClaim,
        String usernamePrefix,
        String groupsClaim,
        String groupsPrefix,
        Optional<String> uidClaim,
        Map<String, String> extra) {

    public ClaimMapping {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
