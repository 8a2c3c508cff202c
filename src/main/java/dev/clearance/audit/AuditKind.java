package dev.clearance.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Which part of clearance decided: the three webhooks and the proxy. The wire spelling is the audit event's
 * {@code kind}, the {@code webhook} label of the decision metrics and the {@code kind} filter of
 * {@code GET /audit/events}; dashboards depend on it, so it never changes.
 */
public enum AuditKind {
    AUTHN("authn"),
    AUTHZ("authz"),
    ADMISSION("admission"),
    PROXY("proxy");

    private final String wire;

    AuditKind(String wire) {
        this.wire = wire;
    }

    /** The spelling in events, metrics and queries, e.g. {@code authn}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The kind spelled {@code wire} exactly, if there is one. */
    public static Optional<AuditKind> fromWire(String wire) {
        for (AuditKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
