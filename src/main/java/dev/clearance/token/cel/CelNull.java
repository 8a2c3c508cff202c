package dev.clearance.token.cel;

/** CEL's {@code null} as an evaluation result (Java's null is never returned). */
public enum CelNull {
    INSTANCE
}
