package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.ReviewJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads AdmissionReview v1 and v1beta1 and writes the response: uid echoed, never a patch. Pure. */
final class AdmissionReviewCodec {

    static final String V1 = "admission.k8s.io/v1";
    static final String V1BETA1 = "admission.k8s.io/v1beta1";
    static final String KIND = "AdmissionReview";
    static final int MAX_USER_GROUPS = 1024;

    private final ReviewJson json;

    AdmissionReviewCodec(ReviewJson json) {
        this.json = json;
    }

    record Parsed(String apiVersion, AdmissionRequest request) {}

    Parsed read(byte[] body) throws InvalidReviewException {
        JsonNode root = json.readReview(body, KIND, Set.of(V1, V1BETA1));
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new InvalidReviewException("request is missing; an AdmissionReview needs request.uid and the object");
        }
        String uid = ReviewJson.text(request, "uid");
        if (uid == null || uid.isEmpty()) {
            throw new InvalidReviewException("request.uid is missing; clearance never invents one");
        }
        JsonNode kind = request.path("kind");
        JsonNode user = request.path("userInfo");
        String operation = ReviewJson.text(request, "operation");
        if (operation == null || !kind.isObject()) {
            throw new InvalidReviewException("request.operation and request.kind are required");
        }
        JsonNode dryRun = request.get("dryRun");
        if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidReviewException("request.dryRun must be a boolean");
        }
        return new Parsed(ReviewJson.text(root, "apiVersion"), new AdmissionRequest(uid, orEmpty(ReviewJson.text(kind, "group")),
                orEmpty(ReviewJson.text(kind, "kind")), resource(request.get("resource")), ReviewJson.text(request, "namespace"),
                ReviewJson.text(request, "name"),
                operation, ReviewJson.text(request, "subResource"),
                user.isObject() ? orEmpty(ReviewJson.text(user, "username")) : "",
                user.isObject() ? ReviewJson.strings(user, "request.userInfo.groups", "groups", MAX_USER_GROUPS) : List.of(),
                nullToNode(request.get("object")), nullToNode(request.get("oldObject")), dryRun != null && dryRun.asBoolean()));
    }

    static Map<String, Object> write(String apiVersion, String uid, AdmissionDecision decision) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        response.put("allowed", decision instanceof AdmissionDecision.Admit);
        if (decision instanceof AdmissionDecision.Reject reject) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("status", "Failure");
            status.put("code", 403);
            status.put("reason", "Forbidden");
            status.put("message", reject.message());
            status.put("details", Map.of("causes", List.of(Map.of("reason", reject.reason().code(), "message", reject.message()))));
            response.put("status", status);
        }
        if (!decision.warnings().isEmpty()) {
            response.put("warnings", decision.warnings());
        }
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", apiVersion);
        review.put("kind", KIND);
        review.put("response", response);
        return review;
    }

    /**
     * {@code request.resource}, or null when it is missing or malformed (not an object, no resource string, a group or
     * version that is not a string): the rules decide on the kind, so such a review is judged as before and its
     * audit event names no resource.
     */
    static AdmissionRequest.GroupVersionResource resource(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode group = node.path("group");
        JsonNode version = node.path("version");
        JsonNode resource = node.path("resource");
        if (!absentOrText(group) || !absentOrText(version) || !resource.isTextual() || resource.asText().isEmpty()) {
            return null;
        }
        return new AdmissionRequest.GroupVersionResource(group.asText(""), version.asText(""), resource.asText());
    }

    private static boolean absentOrText(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.isTextual();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static JsonNode nullToNode(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }
}
