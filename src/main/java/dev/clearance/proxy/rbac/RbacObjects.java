package dev.clearance.proxy.rbac;

import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.Rule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan's specs as Kubernetes objects, and whether an existing object already is what a spec describes (rules,
 * role reference, subjects and clearance's labels; other metadata is left to whoever set it).
 */
final class RbacObjects {

    private static final Map<String, String> MANAGED = Map.of(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE);

    private RbacObjects() {
    }

    static boolean managed(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels != null && RbacPlan.MANAGED_BY_VALUE.equals(labels.get(RbacPlan.MANAGED_BY_LABEL));
    }

    static ClusterRole clusterRole(ClusterRoleSpec spec) {
        return new ClusterRoleBuilder().withNewMetadata().withName(spec.name()).withLabels(MANAGED).endMetadata()
                .withRules(spec.rules().stream().map(RbacObjects::policyRule).toList())
                .build();
    }

    static ClusterRoleBinding clusterRoleBinding(ClusterRoleBindingSpec spec) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(spec.name()).withLabels(MANAGED).endMetadata()
                .withRoleRef(clusterRoleRef(spec.clusterRole()))
                .withSubjects(groupSubjects(spec.groups()))
                .build();
    }

    static RoleBinding roleBinding(RoleBindingSpec spec) {
        return new RoleBindingBuilder().withNewMetadata().withNamespace(spec.namespace()).withName(spec.name())
                .withLabels(roleBindingLabels(spec)).endMetadata()
                .withRoleRef(clusterRoleRef(spec.clusterRole()))
                .withSubjects(groupSubjects(spec.groups()))
                .build();
    }

    static boolean matches(ClusterRole existing, ClusterRoleSpec spec) {
        List<Rule> rules = existing.getRules() == null ? List.of()
                : existing.getRules().stream().map(RbacObjects::rule).toList();
        return managed(existing) && rules.equals(spec.rules()) && existing.getAggregationRule() == null;
    }

    static boolean matches(ClusterRoleBinding existing, ClusterRoleBindingSpec spec) {
        return managed(existing) && sameRoleRef(existing.getRoleRef(), spec.clusterRole())
                && groupNames(existing.getSubjects()).equals(spec.groups());
    }

    static boolean matches(RoleBinding existing, RoleBindingSpec spec) {
        Map<String, String> labels = existing.getMetadata().getLabels();
        return managed(existing) && labels != null && spec.role().label().equals(labels.get(RbacPlan.ROLE_LABEL))
                && sameRoleRef(existing.getRoleRef(), spec.clusterRole())
                && groupNames(existing.getSubjects()).equals(spec.groups());
    }

    /** roleRef cannot be changed in place: the object has to be deleted and created again. */
    static boolean sameRoleRef(RoleRef ref, String clusterRole) {
        return ref != null && RbacPlan.RBAC_API_GROUP.equals(ref.getApiGroup()) && "ClusterRole".equals(ref.getKind())
                && clusterRole.equals(ref.getName());
    }

    private static Map<String, String> roleBindingLabels(RoleBindingSpec spec) {
        return Map.of(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE, RbacPlan.ROLE_LABEL, spec.role().label());
    }

    private static RoleRef clusterRoleRef(String name) {
        return new RoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", name);
    }

    private static List<Subject> groupSubjects(List<String> groups) {
        return groups.stream().map(group -> new SubjectBuilder().withKind("Group").withApiGroup(RbacPlan.RBAC_API_GROUP)
                .withName(group).build()).toList();
    }

    /** The subjects' names if every subject is an RBAC Group without a namespace, else a list no spec equals. */
    private static List<String> groupNames(List<Subject> subjects) {
        if (subjects == null) {
            return List.of();
        }
        for (Subject subject : subjects) {
            if (!"Group".equals(subject.getKind()) || !RbacPlan.RBAC_API_GROUP.equals(subject.getApiGroup())
                    || (subject.getNamespace() != null && !subject.getNamespace().isEmpty())) {
                return List.of("\0not only groups");
            }
        }
        return subjects.stream().map(Subject::getName).map(Objects::toString).toList();
    }

    private static PolicyRule policyRule(Rule rule) {
        return new PolicyRuleBuilder().withApiGroups(rule.apiGroups()).withResources(rule.resources())
                .withVerbs(rule.verbs()).build();
    }

    private static Rule rule(PolicyRule rule) {
        boolean onlyPlainFields = (rule.getResourceNames() == null || rule.getResourceNames().isEmpty())
                && (rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
        return new Rule(orEmpty(rule.getApiGroups()),
                onlyPlainFields ? orEmpty(rule.getResources()) : List.of("\0names or URLs"), orEmpty(rule.getVerbs()));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values.stream().map(Objects::toString).toList();
    }
}
