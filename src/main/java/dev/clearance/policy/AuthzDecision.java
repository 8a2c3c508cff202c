package dev.clearance.policy;

import java.util.Objects;

/** Allow, deny or no opinion, each with a stable reason and a sentence. Never allow and deny at once. */
public sealed interface AuthzDecision {

    AuthzReason reason();

    String message();

    record Allow(AuthzReason reason, String message) implements AuthzDecision {
        public Allow {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }

    /** Short-circuits every later authorizer; clearance's policy never needs it today (see AccessPolicy). */
    record Deny(AuthzReason reason, String message) implements AuthzDecision {
        public Deny {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }

    /** RBAC (or the next authorizer) decides. */
    record NoOpinion(AuthzReason reason, String message) implements AuthzDecision {
        public NoOpinion {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }
}
