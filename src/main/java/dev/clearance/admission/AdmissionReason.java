package dev.clearance.admission;

/** Stable machine reason codes of admission decisions (DESIGN.md). */
public enum AdmissionReason implements dev.clearance.common.ReasonCode {
    ALLOWED("allowed"),
    OWNERSHIP_PROTECTED("ownership_protected"),
    BINDING_SUBJECT_OUTSIDE_GROUP("binding_subject_outside_group"),
    PREFIX_SPOOFING("prefix_spoofing"),
    REQUEST_INVALID("request_invalid"),
    /** clearance failed while judging the request (a bug): refused, as failurePolicy Fail would. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    AdmissionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
