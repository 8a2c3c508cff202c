package dev.clearance.token.authconfig;

import dev.clearance.token.cel.Expression;
import java.util.Objects;

/** One {@code claimValidationRules[]} entry: a claim that must equal a value, or an expression that must be true. */
public sealed interface CompiledClaimRule permits CompiledClaimRule.RequiredClaim, CompiledClaimRule.Condition {

    /** {@code claim} + {@code requiredValue} ("" when absent). */
    record RequiredClaim(String claim, String requiredValue) implements CompiledClaimRule {
        public RequiredClaim {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(requiredValue, "requiredValue");
        }
    }

    /** {@code expression} + {@code message} ("" when absent). */
    record Condition(Expression expression, String message) implements CompiledClaimRule {
        public Condition {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(message, "message");
        }
    }
}
