package dev.clearance.authn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The TokenReview written back: the request's own apiVersion and kind, and a status whose field names match
 * {@code authentication.k8s.io} v1 and v1beta1 exactly. Spec is never echoed (it holds the token).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenReviewResponse(String apiVersion, String kind, Status status) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Status(boolean authenticated, User user, List<String> audiences, String error) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record User(String username, String uid, List<String> groups, Map<String, List<String>> extra) {}
}
