package dev.clearance.token;

/** Stable machine reason codes of token decisions (DESIGN.md); operators and dashboards depend on the spelling. */
public enum AuthnReason implements dev.clearance.common.ReasonCode {
    AUTHENTICATED("authenticated"),
    MALFORMED_TOKEN("malformed_token"),
    UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
    UNKNOWN_ISSUER("unknown_issuer"),
    UNKNOWN_KEY("unknown_key"),
    BAD_SIGNATURE("bad_signature"),
    EXPIRED("expired"),
    NOT_YET_VALID("not_yet_valid"),
    ISSUED_IN_FUTURE("issued_in_future"),
    LIFETIME_TOO_LONG("lifetime_too_long"),
    AUDIENCE_MISMATCH("audience_mismatch"),
    MISSING_CLAIM("missing_claim"),
    CLAIM_RULE_FAILED("claim_rule_failed"),
    IDENTITY_INVALID("identity_invalid"),
    JWKS_UNAVAILABLE("jwks_unavailable"),
    REQUEST_INVALID("request_invalid"),
    /** clearance failed while deciding (a bug); the token is refused, never let through. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    AuthnReason(String code) {
        this.code = code;
    }

    /** The wire and log spelling, e.g. {@code audience_mismatch}. */
    public String code() {
        return code;
    }
}
