package dev.clearance.token.authconfig;

import dev.clearance.token.cel.Expression;
import java.util.Objects;

/** One {@code userValidationRules[]} entry: a compiled bool expression over {@code user} and its message. */
public record CompiledUserRule(Expression expression, String message) {

    public CompiledUserRule {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }
}
