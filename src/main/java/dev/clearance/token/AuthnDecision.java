package dev.clearance.token;

import java.util.List;
import java.util.Objects;

/** The answer to one TokenReview, before it is put on the wire. */
public sealed interface AuthnDecision {

    AuthnReason reason();

    TokenFacts facts();

    /**
     * @param audiences the {@code status.audiences} to return; empty means "omit" (DESIGN.md, "Audiences")
     */
    record Authenticated(Identity identity, List<String> audiences, TokenFacts facts) implements AuthnDecision {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
            audiences = List.copyOf(audiences);
        }

        @Override
        public AuthnReason reason() {
            return AuthnReason.AUTHENTICATED;
        }
    }

    /** A refusal: HTTP 200, {@code authenticated: false}, {@code status.error} = message. */
    record Unauthenticated(AuthnReason reason, String message, TokenFacts facts) implements AuthnDecision {
        public Unauthenticated {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Clearance cannot decide (no keys for the token's issuer yet): HTTP 503, never cached. */
    record Undecided(String message, TokenFacts facts) implements AuthnDecision {
        @Override
        public AuthnReason reason() {
            return AuthnReason.JWKS_UNAVAILABLE;
        }
    }
}
