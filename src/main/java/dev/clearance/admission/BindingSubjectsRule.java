package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.common.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code binding-subjects}: RoleBindings in a group namespace must not hand it to people outside the group behind
 * the group's back. There, a RoleBinding
 * <ul>
 * <li>to any role names no catch-all identity ({@code system:authenticated}, {@code system:unauthenticated},
 * {@code system:serviceaccounts}, {@code system:anonymous}): one binding would open the namespace to everyone;</li>
 * <li>to a {@code clearance-*} role (the roles proxy mode binds for the group) names only prefixed Groups that are the
 * owning group, a granted group or an admin group: no users, service accounts or unprefixed groups;</li>
 * <li>names prefixed groups only if they are those groups, and prefixed users (individuals) never.</li>
 * </ul>
 * Subject kinds are compared exactly, as RBAC does: {@code group} is no Group to RBAC, so it binds nobody.
 */
final class BindingSubjectsRule implements AdmissionRule {

    static final String CLEARANCE_ROLE_PREFIX = "clearance-";
    /** Identities every request, user or service account carries; RBAC kind and name as RBAC matches them. */
    static final Map<Subject, String> CATCH_ALL = Map.of(
            new Subject("Group", "system:authenticated"), "every authenticated user",
            new Subject("Group", "system:unauthenticated"), "every unauthenticated request",
            new Subject("Group", "system:serviceaccounts"), "every service account in the cluster",
            new Subject("User", "system:anonymous"), "every anonymous request");

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

    /** A RoleBinding subject, kind and name as written. */
    record Subject(String kind, String name) {
        @Override
        public String toString() {
            return (Set.of("User", "Group", "ServiceAccount").contains(kind) ? kind : Text.quote(kind)) + " " + Text.quote(name);
        }
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
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode subject : request.object().path("subjects")) {
            subjects.add(new Subject(subject.path("kind").asText(), subject.path("name").asText()));
        }
        JsonNode roleRef = request.object().path("roleRef");
        String roleKind = roleRef.path("kind").asText();
        String role = roleRef.path("name").asText();
        boolean clearanceRole = (roleKind.equals("ClusterRole") || roleKind.equals("Role")) && role.startsWith(CLEARANCE_ROLE_PREFIX);
        String binding = "RoleBinding " + Text.quote(request.name()) + " in " + request.namespace();
        if (!directory.synced()) {
            // fail closed: until namespaces are synced we cannot tell a group namespace from another
            List<String> unjudged = subjects.stream().filter(s -> clearanceRole || s.name().startsWith(prefix) || CATCH_ALL.containsKey(s))
                    .map(Subject::toString).toList();
            return unjudged.isEmpty() ? Optional.empty() : Optional.of(new Violation(AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP,
                    binding + " binds " + String.join(", ", unjudged) + (clearanceRole ? " to " + Text.quote(role) : "")
                            + ", and clearance has not yet synced group namespaces, so it cannot tell whether " + request.namespace()
                            + " is a group namespace; retry shortly"));
        }
        Optional<NamespacePolicy> ns = directory.find(request.namespace());
        if (ns.isEmpty()) {
            return Optional.empty();
        }
        Set<String> insiders = new HashSet<>(adminGroups);
        insiders.add(ns.get().owningGroup());
        insiders.addAll(ns.get().grants().keySet());
        String group = prefix + ns.get().owningGroup();
        List<String> refused = new ArrayList<>();
        for (Subject subject : subjects) {
            boolean insider = subject.kind().equals("Group") && subject.name().startsWith(prefix)
                    && insiders.contains(subject.name().substring(prefix.length()));
            if (CATCH_ALL.containsKey(subject)) {
                refused.add(subject + " (" + CATCH_ALL.get(subject) + ")");
            } else if (clearanceRole && !insider) {
                refused.add(subject + " (" + Text.quote(role) + " is only for " + group + ", its granted groups and the admin groups)");
            } else if (subject.name().startsWith(prefix) && (subject.kind().equals("User") || subject.kind().equals("Group") && !insider)) {
                refused.add(subject + " (outside " + group + ", its grants and the admin groups)");
            }
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP, binding + " binds " + String.join(", ", refused)
                + "; grant access through the namespace's grants annotation instead"));
    }
}
