package dev.clearance.token.authconfig;

import java.util.Objects;

/** {@code claimMappings.uid}: a claim name or an expression, "" when absent. */
public record ClaimOrExpression(String claim, String expression) {

    static final ClaimOrExpression ABSENT = new ClaimOrExpression("", "");

    public ClaimOrExpression {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(expression, "expression");
    }
}
