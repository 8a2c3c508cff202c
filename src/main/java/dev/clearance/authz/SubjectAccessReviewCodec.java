package dev.clearance.authz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.ReviewJson;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import java.util.List;
import java.util.Set;

/**
 * Reads SubjectAccessReviews ({@code authorization.k8s.io} v1 and v1beta1: v1beta1 carries the groups under
 * {@code spec.group}!) and writes decisions. Pure.
 */
final class SubjectAccessReviewCodec {

    static final String V1 = "authorization.k8s.io/v1";
    static final String V1BETA1 = "authorization.k8s.io/v1beta1";
    static final String KIND = "SubjectAccessReview";
    static final int MAX_GROUPS = 1024;

    private final ReviewJson json;

    SubjectAccessReviewCodec(ReviewJson json) {
        this.json = json;
    }

    /** The review's apiVersion and question; an empty Optional request when it has neither kind of attributes. */
    Parsed read(byte[] body) throws InvalidReviewException {
        JsonNode root = json.readReview(body, KIND, Set.of(V1, V1BETA1));
        String apiVersion = ReviewJson.text(root, "apiVersion");
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new InvalidReviewException("spec is missing; a SubjectAccessReview needs spec.user and attributes");
        }
        String user = ReviewJson.text(spec, "user");
        String groupsKey = V1BETA1.equals(apiVersion) ? "group" : "groups";
        List<String> groups = ReviewJson.strings(spec, "spec." + groupsKey, groupsKey, MAX_GROUPS);
        JsonNode resource = spec.get("resourceAttributes");
        JsonNode nonResource = spec.get("nonResourceAttributes");
        boolean hasResource = resource != null && !resource.isNull();
        boolean hasNonResource = nonResource != null && !nonResource.isNull();
        if (hasResource && hasNonResource) {
            throw new InvalidReviewException("spec has both resourceAttributes and nonResourceAttributes; expected one");
        }
        if (!hasResource && !hasNonResource) {
            return new Parsed(apiVersion, null);
        }
        AccessRequest request;
        if (hasResource) {
            object(resource, "spec.resourceAttributes");
            request = new AccessRequest(user == null ? "" : user, groups, new AccessRequest.Resource(
                    ReviewJson.text(resource, "namespace"), ReviewJson.text(resource, "verb"), ReviewJson.text(resource, "group"),
                    ReviewJson.text(resource, "version"), ReviewJson.text(resource, "resource"),
                    ReviewJson.text(resource, "subresource"), ReviewJson.text(resource, "name")), null);
        } else {
            object(nonResource, "spec.nonResourceAttributes");
            request = new AccessRequest(user == null ? "" : user, groups, null, new AccessRequest.NonResource(
                    ReviewJson.text(nonResource, "path"), ReviewJson.text(nonResource, "verb")));
        }
        return new Parsed(apiVersion, request);
    }

    private static void object(JsonNode node, String path) throws InvalidReviewException {
        if (!node.isObject()) {
            throw new InvalidReviewException(path + " must be an object");
        }
    }

    /** The answer; its {@code reason} is the decision's message, then {@code ; clearance decision <decisionId>}. */
    static SubjectAccessReviewResponse write(String apiVersion, AuthzDecision decision, String decisionId) {
        String reason = reason(decision.message(), decisionId);
        SubjectAccessReviewResponse.Status status;
        if (decision instanceof AuthzDecision.Allow) {
            status = new SubjectAccessReviewResponse.Status(true, null, reason);
        } else if (decision instanceof AuthzDecision.Deny) {
            status = new SubjectAccessReviewResponse.Status(false, true, reason);
        } else {
            status = new SubjectAccessReviewResponse.Status(false, null, reason);
        }
        return new SubjectAccessReviewResponse(apiVersion, KIND, status);
    }

    /**
     * What the API server writes to its {@code authorization.k8s.io/reason} audit annotation: the message, and the
     * decision id last, so an operator finds clearance's event for any authorized request.
     */
    static String reason(String message, String decisionId) {
        String suffix = "clearance decision " + decisionId;
        return message == null || message.isEmpty() ? suffix : message + "; " + suffix;
    }

    /** @param request null when the review has neither resource nor non-resource attributes */
    record Parsed(String apiVersion, AccessRequest request) {}
}
