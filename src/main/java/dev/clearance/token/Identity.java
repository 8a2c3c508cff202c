package dev.clearance.token;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes identity mapped from verified claims, prefixes already applied.
 *
 * @param username never empty
 * @param uid null when the issuer has no {@code uid-claim}
 * @param groups in claim order, without duplicates
 * @param extra every value a non-empty list of strings, as the wire requires
 */
public record Identity(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    public Identity {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a username");
        }
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }
}
