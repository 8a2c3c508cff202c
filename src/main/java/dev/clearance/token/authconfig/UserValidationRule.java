package dev.clearance.token.authconfig;

import java.util.Objects;

/** {@code userValidationRules[]}: an expression over the mapped {@code user} that must be true. */
public record UserValidationRule(String expression, String message) {

    public UserValidationRule {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }
}
