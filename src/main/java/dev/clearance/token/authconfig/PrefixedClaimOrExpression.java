package dev.clearance.token.authconfig;

import java.util.Objects;

/**
 * {@code claimMappings.username} and {@code claimMappings.groups}.
 *
 * @param prefix null when absent (a pointer upstream: "" is a set prefix that disables prefixing, and a claim
 *     mapping needs one or the other)
 */
public record PrefixedClaimOrExpression(String claim, String prefix, String expression) {

    static final PrefixedClaimOrExpression ABSENT = new PrefixedClaimOrExpression("", null, "");

    public PrefixedClaimOrExpression {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(expression, "expression");
    }
}
