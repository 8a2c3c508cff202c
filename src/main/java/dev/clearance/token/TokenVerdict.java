package dev.clearance.token;

import java.util.Objects;

/** The outcome of verifying one token: valid, refused with a reason, or undecidable for want of keys. */
public sealed interface TokenVerdict {

    /** Every check passed. */
    record Valid(VerifiedToken token) implements TokenVerdict {
        public Valid {
            Objects.requireNonNull(token, "token");
        }
    }

    /** A refusal an operator can read; {@code message} never contains the token or its signature. */
    record Invalid(AuthnReason reason, String message, TokenFacts facts) implements TokenVerdict {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            facts = facts == null ? TokenFacts.NONE : facts;
        }
    }

    /** The token names a trusted issuer whose keys were never obtained: clearance cannot decide. */
    record Unavailable(String issuerName, String message, TokenFacts facts) implements TokenVerdict {
        public Unavailable {
            Objects.requireNonNull(message, "message");
            facts = facts == null ? TokenFacts.NONE : facts;
        }
    }
}
