package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code namespace-ownership}: the group label and the grants annotation decide who gets a namespace, so adding,
 * changing or removing them, and deleting a group namespace, is for admins and trusted users only. The protected
 * namespaces (clearance's own, the system ones) never carry either, whoever asks: owning clearance's namespace
 * would give a group its TLS key, owning kube-system the cluster's controllers.
 *
 * <p>Updates through {@code namespaces/status} and {@code namespaces/finalize} are judged like any update: their
 * strategies keep metadata changes, so a label set through them sticks.
 */
final class NamespaceOwnershipRule implements AdmissionRule {

    static final String PROTECTED_PROPERTY = "clearance.admission.protected-namespaces";

    private final String groupLabel;
    private final String grantsAnnotation;
    private final Set<String> protectedNamespaces;
    private final Privilege privilege;

    NamespaceOwnershipRule(String groupLabel, String grantsAnnotation, Set<String> protectedNamespaces, Privilege privilege) {
        this.groupLabel = groupLabel;
        this.grantsAnnotation = grantsAnnotation;
        this.protectedNamespaces = Set.copyOf(protectedNamespaces);
        this.privilege = privilege;
    }

    @Override
    public String name() {
        return "namespace-ownership";
    }

    @Override
    public Optional<Violation> check(AdmissionRequest request) {
        if (!request.is("", "Namespace")) {
            return Optional.empty();
        }
        String newGroup = meta(request.object(), "labels", groupLabel);
        String newGrants = meta(request.object(), "annotations", grantsAnnotation);
        boolean writes = request.operation().equals("CREATE") || request.operation().equals("UPDATE");
        Optional<String> guarded = protectedName(request);
        if (writes && (newGroup != null || newGrants != null) && guarded.isPresent()) {
            return Optional.of(new Violation(AdmissionReason.OWNERSHIP_PROTECTED, "namespace " + guarded.get() + " is protected ("
                    + PROTECTED_PROPERTY + "), so it never carries the " + groupLabel + " label or the " + grantsAnnotation
                    + " annotation, whoever asks, admins and trusted users included; leave them out or remove them"));
        }
        if (privilege.holds(request)) {
            return Optional.empty();
        }
        String oldGroup = meta(request.oldObject(), "labels", groupLabel);
        String oldGrants = meta(request.oldObject(), "annotations", grantsAnnotation);
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

    /** The request's name or the object's: on a CREATE with generateName the request carries none. */
    private Optional<String> protectedName(AdmissionRequest request) {
        return Stream.of(request.name(), name(request.object()), name(request.oldObject()))
                .filter(n -> n != null && protectedNamespaces.contains(n)).findFirst();
    }

    private static String name(JsonNode object) {
        JsonNode name = object == null ? null : object.path("metadata").get("name");
        return name == null || !name.isTextual() ? null : name.textValue();
    }

    private static String meta(JsonNode object, String field, String key) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.path("metadata").path(field).get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
