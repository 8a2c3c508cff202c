package dev.clearance.token.authconfig;

import java.util.List;
import java.util.Objects;

/** {@code claimMappings}: how a verified token's claims become a Kubernetes user. */
public record ClaimMappings(
        PrefixedClaimOrExpression username,
        PrefixedClaimOrExpression groups,
        ClaimOrExpression uid,
        List<ExtraMapping> extra) {

    public ClaimMappings {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(uid, "uid");
        extra = List.copyOf(extra);
    }
}
