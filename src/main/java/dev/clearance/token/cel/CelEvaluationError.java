package dev.clearance.token.cel;

/** An evaluation that failed (no such key, wrong type, a limit reached); the message says why, never a token. */
public final class CelEvaluationError extends Exception {

    public CelEvaluationError(String message) {
        super(message, null, false, false);
    }
}
