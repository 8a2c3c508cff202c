package dev.clearance.token.cel;

/** An expression that does not compile, or whose type cannot be what its field needs; the message says why. */
public final class CelCompileError extends Exception {

    public CelCompileError(String message) {
        super(message, null, false, false);
    }
}
