package dev.clearance.common;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A stable machine reason (DESIGN.md "Stable reason codes"): implemented by each feature's reason enum
 * ({@code AuthnReason}, {@code AuthzReason}, {@code AdmissionReason}, {@code ProxyReason}) and by
 * {@link AuditReason}, so an audit event takes a typed reason and still writes the plain code.
 */
public interface ReasonCode {

    /** The wire, metric and log spelling, e.g. {@code audience_mismatch}; what JSON writes. */
    @JsonValue
    String code();
}
