package dev.clearance.authz;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The SubjectAccessReview written back: the request's apiVersion and kind, and the three-valued status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubjectAccessReviewResponse(String apiVersion, String kind, Status status) {

    /** {@code denied} is only ever true with {@code allowed} false. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Status(boolean allowed, Boolean denied, String reason) {
        Status {
            if (allowed && Boolean.TRUE.equals(denied)) {
                throw new IllegalArgumentException("never allowed and denied at once");
            }
        }
    }
}
