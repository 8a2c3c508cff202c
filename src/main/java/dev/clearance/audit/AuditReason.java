package dev.clearance.audit;

import dev.clearance.common.ReasonCode;

/**
 * Reasons the audit itself gives, for events no feature decided: a review that could not be read at all (HTTP 400)
 * is {@code request_invalid} whatever its kind, before any feature's rules ran.
 */
public enum AuditReason implements ReasonCode {
    REQUEST_INVALID("request_invalid");

    private final String code;

    AuditReason(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
