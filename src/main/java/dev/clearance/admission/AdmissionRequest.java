package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The parts of an AdmissionReview request the rules look at. {@code object} and {@code oldObject} are the raw
 * JSON (a missing one is a JSON null node); {@code group} and {@code kind} name the object's kind, which the rules
 * decide on. {@code resource} is {@code request.resource}, the plural resource asked for (a Scale's is
 * {@code apps/v1 deployments}), for the audit event only; null when the review's is missing or malformed.
 */
public record AdmissionRequest(String uid, String group, String kind, GroupVersionResource resource, String namespace, String name,
        String operation, String subResource, String username, List<String> userGroups, JsonNode object, JsonNode oldObject,
        boolean dryRun) {

    public AdmissionRequest {
        Objects.requireNonNull(uid);
        userGroups = List.copyOf(userGroups);
    }

    boolean is(String group, String kind) {
        return this.group.equals(group) && this.kind.equals(kind);
    }

    /** {@code request.resource}: {@code group} is empty for the core group, {@code resource} is plural and never empty. */
    public record GroupVersionResource(String group, String version, String resource) {
        public GroupVersionResource {
            Objects.requireNonNull(group);
            Objects.requireNonNull(version);
            if (resource == null || resource.isEmpty()) {
                throw new IllegalArgumentException("a resource is named");
            }
        }
    }
}
