package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code namespace-ownership}: the group label and the grants annotation decide who gets a namespace, so adding,
 * changing or removing them, and deleting a group namespace, is for admins and trusted users only.
 */
final class NamespaceOwnershipRule implements AdmissionRule {

    private final String groupLabel;
    private final String grantsAnnotation;
    private final Privilege privilege;

    NamespaceOwnershipRule(String groupLabel, String grantsAnnotation, Privilege privilege) {
        this.groupLabel = groupLabel;
        this.grantsAnnotation = grantsAnnotation;
        this.privilege = privilege;
    }

    @Override
    public String name() {
        return "namespace-ownership";
    }

    @Override
    public Optional<Violation> check(AdmissionRequest request) {
        if (!request.is("", "Namespace") || privilege.holds(request)) {
            return Optional.empty();
        }
        String oldGroup = meta(request.oldObject(), "labels", groupLabel);
        String newGroup = meta(request.object(), "labels", groupLabel);
        String oldGrants = meta(request.oldObject(), "annotations", grantsAnnotation);
        String newGrants = meta(request.object(), "annotations", grantsAnnotation);
        String ns = request.name();
        boolean changed = switch (request.operation()) {
            case "CREATE" -> newGroup != null || newGrants != null;
            case "UPDATE" -> !Objects.equals(oldGroup, newGroup) || !Objects.equals(oldGrants, newGrants);
            case "DELETE" -> oldGroup != null;
            default -> false;
        };
        if (!changed) {
            return Optional.empty();
        }
        String what = request.operation().equals("DELETE")
                ? "namespace " + ns + " belongs to group " + oldGroup + "; deleting it"
                : "setting, changing or removing the " + groupLabel + " label or the " + grantsAnnotation
                        + " annotation of namespace " + ns;
        return Optional.of(new Violation(AdmissionReason.OWNERSHIP_PROTECTED, what + " is reserved for " + privilege.who()));
    }

    private static String meta(JsonNode object, String field, String key) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.path("metadata").path(field).get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
