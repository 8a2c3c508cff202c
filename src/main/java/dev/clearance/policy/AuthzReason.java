package dev.clearance.policy;

/** Stable machine reason codes of authorization decisions (DESIGN.md). */
public enum AuthzReason implements dev.clearance.common.ReasonCode {
    CLUSTER_ADMIN("cluster_admin"),
    NAMESPACE_GRANT("namespace_grant"),
    CLUSTER_SCOPE_READ("cluster_scope_read"),
    NOT_PREFIXED_SUBJECT("not_prefixed_subject"),
    NO_GRANT("no_grant"),
    VERB_NOT_IN_ROLE("verb_not_in_role"),
    NOT_SYNCED("not_synced"),
    REQUEST_INVALID("request_invalid"),
    /** clearance failed while deciding (a bug): no opinion, so RBAC alone decides. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    AuthzReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
