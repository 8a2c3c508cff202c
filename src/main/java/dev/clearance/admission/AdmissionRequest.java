package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The parts of an AdmissionReview request the rules look at. {@code object} and {@code oldObject} are the raw
 * JSON (a missing one is a JSON null node); {@code group} and {@code kind} name the object's kind.
 */
public record AdmissionRequest(String uid, String group, String kind, String namespace, String name, String operation,
        String subResource, String username, List<String> userGroups, JsonNode object, JsonNode oldObject, boolean dryRun) {

    public AdmissionRequest {
        Objects.requireNonNull(uid);
        userGroups = List.copyOf(userGroups);
    }

    boolean is(String group, String kind) {
        return this.group.equals(group) && this.kind.equals(kind);
    }
}
