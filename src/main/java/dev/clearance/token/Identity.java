package dev.clearance.token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes identity mapped from verified claims, prefixes already applied.
 *
 * @param username never empty
 * @param uid null when the issuer has no {@code uid-claim}
 * @param groups in claim order, without duplicates
 * @param extra every value a non-empty list of strings, as the wire requires; once authenticated by a TokenReview it
 *     holds {@link #DECISION_ID_EXTRA}
 */
public record Identity(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    /**
     * The extra naming the clearance decision that authenticated the identity: the API server copies {@code user.extra}
     * into its audit events, so each of them names that decision. Set by clearance only, over any claim mapping's.
     */
    public static final String DECISION_ID_EXTRA = "clearance.dev/decision-id";

    public Identity {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a username");
        }
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    /** This identity, its {@link #DECISION_ID_EXTRA} set to {@code decisionId} (replacing any). */
    public Identity withDecisionId(String decisionId) {
        Map<String, List<String>> withId = new HashMap<>(extra);
        withId.put(DECISION_ID_EXTRA, List.of(decisionId));
        return new Identity(username, uid, groups, withId);
    }

    /** The decision that authenticated this identity ({@link #DECISION_ID_EXTRA}), or null when none is named. */
    public String decisionId() {
        List<String> ids = extra.get(DECISION_ID_EXTRA);
        return ids == null || ids.isEmpty() ? null : ids.get(0);
    }
}
