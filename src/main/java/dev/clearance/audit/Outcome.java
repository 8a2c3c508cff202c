package dev.clearance.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What a decision came to, the audit event's {@code decision}: the same four words for every kind. Each feature's
 * audit mapper derives it from its sealed decision in one place ({@code AuthnAudit.outcome}, {@code
 * AuthzAudit.outcome}, {@code AdmissionAudit.outcome}); a review that could not be read is {@link #ERROR}.
 */
public enum Outcome {
    ALLOW("allow"),
    DENY("deny"),
    /** Authorization only: clearance grants nothing and RBAC decides. */
    NO_OPINION("no-opinion"),
    /** Nothing was decided: the review was unreadable, keys were missing, the API server unreachable. */
    ERROR("error");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    /** The spelling in events, metrics and queries, e.g. {@code no-opinion}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The outcome spelled {@code wire} exactly, if there is one. */
    public static Optional<Outcome> fromWire(String wire) {
        for (Outcome outcome : values()) {
            if (outcome.wire.equals(wire)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
