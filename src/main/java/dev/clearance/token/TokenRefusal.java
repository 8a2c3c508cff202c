package dev.clearance.token;

/**
 * Carries a refusal out of the depths of a check to {@link TokenVerifier}, which turns it into a returned
 * {@link TokenVerdict.Invalid}. Never escapes the package; no stack trace, as it is not an error.
 */
final class TokenRefusal extends Exception {

    private final AuthnReason reason;

    TokenRefusal(AuthnReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    AuthnReason reason() {
        return reason;
    }
}
