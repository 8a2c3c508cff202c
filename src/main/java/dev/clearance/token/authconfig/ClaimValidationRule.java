package dev.clearance.token.authconfig;

import java.util.Objects;

/** {@code claimValidationRules[]}: either {@code claim} (with {@code requiredValue}) or {@code expression} (with {@code message}). */
public record ClaimValidationRule(String claim, String requiredValue, String expression, String message) {

    public ClaimValidationRule {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(requiredValue, "requiredValue");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }
}
