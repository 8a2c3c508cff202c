package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code binding-subjects}: a RoleBinding in a group namespace may bind prefixed groups only if they are the owning
 * group, a group with a grant there, or an admin group; prefixed users (individuals, outside any group) never.
 * Anything else hands a namespace to outsiders behind the group's back.
 */
final class BindingSubjectsRule implements AdmissionRule {

    private final String prefix;
    private final Set<String> adminGroups;
    private final NamespaceDirectory directory;
    private final Privilege privilege;

    BindingSubjectsRule(String prefix, Set<String> adminGroups, NamespaceDirectory directory, Privilege privilege) {
        this.prefix = prefix;
        this.adminGroups = Set.copyOf(adminGroups);
        this.directory = directory;
        this.privilege = privilege;
    }

    @Override
    public String name() {
        return "binding-subjects";
    }

    @Override
    public Optional<Violation> check(AdmissionRequest request) {
        if (!request.is("rbac.authorization.k8s.io", "RoleBinding")
                || !(request.operation().equals("CREATE") || request.operation().equals("UPDATE"))
                || privilege.holds(request)) {
            return Optional.empty();
        }
        if (!directory.synced()) {
            boolean prefixed = false;
            for (JsonNode subject : request.object().path("subjects")) {
                prefixed |= subject.path("name").asText().startsWith(prefix);
            }
            // fail closed: until namespaces are synced we cannot tell a group namespace from another
            return prefixed ? Optional.of(new Violation(AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP, "RoleBinding " + request.name()
                    + " binds " + prefix + " identities, and clearance has not yet synced group namespaces; retry shortly"))
                    : Optional.empty();
        }
        Optional<NamespacePolicy> ns = directory.find(request.namespace());
        if (ns.isEmpty()) {
            return Optional.empty();
        }
        Set<String> insiders = new HashSet<>(adminGroups);
        insiders.add(ns.get().owningGroup());
        insiders.addAll(ns.get().grants().keySet());
        List<String> outsiders = new ArrayList<>();
        for (JsonNode subject : request.object().path("subjects")) {
            String kind = subject.path("kind").asText();
            String name = subject.path("name").asText();
            if (!name.startsWith(prefix)) {
                continue;
            }
            if (kind.equals("User") || (kind.equals("Group") && !insiders.contains(name.substring(prefix.length())))) {
                outsiders.add(name);
            }
        }
        if (outsiders.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP, "RoleBinding " + request.name() + " in "
                + request.namespace() + " binds " + String.join(", ", outsiders) + ", outside " + prefix + ns.get().owningGroup()
                + ", its grants and the admin groups; grant access through the namespace's " + "grants annotation instead"));
    }
}
