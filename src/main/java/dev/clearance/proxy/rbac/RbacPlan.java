package dev.clearance.proxy.rbac;

import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.PolicySettings;
import dev.clearance.policy.ResourceClass;
import dev.clearance.policy.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The RBAC objects that make the API server authorize impersonated platform identities as {@code AccessPolicy} would
 * (proxy mode, DESIGN.md "Two ways into a cluster"). Pure: the {@link PolicySettings} {@code AccessPolicy} reads
 * and the discovered API resources in, object specs out, every list sorted so the same input always gives the same
 * objects.
 *
 * <p>RBAC only adds permissions, so no rule uses {@code apiGroups: ["*"]} or a core {@code resources: ["*"]}: core
 * resources are enumerated, each with the verbs {@link Role#allows} gives it, which keeps the viewer away from
 * {@code secrets}, {@code pods/exec} and {@code services/proxy}, and the deployer from quota writes and
 * {@code serviceaccounts/token}. Every other API group is a single {@link ResourceClass} and gets
 * {@code resources: ["*"]} with that class's verbs, or is left out when it has none: {@code rbac.authorization.k8s.io}
 * is in the admin's rule only. Every tier may read the {@code namespaces} object (through a RoleBinding that is only
 * its own namespace) and none may write it, nor touch {@code namespaces/status} or {@code namespaces/finalize}.
 */
public final class RbacPlan {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "clearance";
    public static final String ROLE_LABEL = "clearance.dev/role";
    public static final String RBAC_API_GROUP = "rbac.authorization.k8s.io";

    public static final String CLUSTER_SCOPE = "clearance-cluster-scope";
    public static final String CLUSTER_ADMINS = "clearance-cluster-admins";
    /** The built-in ClusterRole admin groups are bound to. */
    public static final String CLUSTER_ADMIN_ROLE = "cluster-admin";

    /** Every ClusterRole clearance may create, change or delete. */
    public static final Set<String> OWNED_CLUSTER_ROLES = Set.of(roleName(Role.VIEWER), roleName(Role.DEPLOYER),
            roleName(Role.ADMIN), CLUSTER_SCOPE);
    /** Every ClusterRoleBinding clearance may create, change or delete. */
    public static final Set<String> OWNED_CLUSTER_ROLE_BINDINGS = Set.of(CLUSTER_SCOPE, CLUSTER_ADMINS);

    /** The verbs rules are derived for, in the order rules list them. */
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");
    static final List<String> READ_VERBS = List.of("get", "list", "watch");

    /** One RBAC rule. */
    public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
        public Rule {
            apiGroups = List.copyOf(apiGroups);
            resources = List.copyOf(resources);
            verbs = List.copyOf(verbs);
        }
    }

    public record ClusterRoleSpec(String name, List<Rule> rules) {
        public ClusterRoleSpec {
            rules = List.copyOf(rules);
        }
    }

    /** Binds {@code clusterRole} to the (prefixed) groups. */
    public record ClusterRoleBindingSpec(String name, String clusterRole, List<String> groups) {
        public ClusterRoleBindingSpec {
            groups = List.copyOf(groups);
        }
    }

    /** A RoleBinding named like its ClusterRole, binding the (prefixed) groups that hold {@code role} in the namespace. */
    public record RoleBindingSpec(String namespace, String name, Role role, List<String> groups) {
        public RoleBindingSpec {
            groups = List.copyOf(groups);
        }

        public String clusterRole() {
            return roleName(role);
        }
    }

    private static final Comparator<Rule> RULE_ORDER = Comparator
            .comparing((Rule rule) -> String.join(",", rule.apiGroups()))
            .thenComparing(rule -> -rule.verbs().size())
            .thenComparing(rule -> String.join(",", rule.verbs()))
            .thenComparing(rule -> String.join(",", rule.resources()));

    private final PolicySettings settings;

    public RbacPlan(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PolicySettings settings() {
        return settings;
    }

    /** {@code clearance-viewer}, {@code clearance-deployer}, {@code clearance-admin}. */
    public static String roleName(Role role) {
        return "clearance-" + role.label();
    }

    /** The three tier ClusterRoles and {@code clearance-cluster-scope}, sorted by name. */
    public List<ClusterRoleSpec> clusterRoles(ApiResources resources) {
        List<ClusterRoleSpec> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            roles.add(new ClusterRoleSpec(roleName(role), tierRules(role, resources)));
        }
        roles.add(new ClusterRoleSpec(CLUSTER_SCOPE, List.of(new Rule(List.of(""), List.of("namespaces"), READ_VERBS))));
        roles.sort(Comparator.comparing(ClusterRoleSpec::name));
        return List.copyOf(roles);
    }

    /** {@code clearance-cluster-admins} and {@code clearance-cluster-scope}, each only when it has a group to bind. */
    public List<ClusterRoleBindingSpec> clusterRoleBindings() {
        List<ClusterRoleBindingSpec> bindings = new ArrayList<>();
        SortedSet<String> admins = new TreeSet<>();
        for (String group : settings.adminGroups()) {
            if (!group.isBlank()) {
                admins.add(settings.groupPrefix() + group.trim());
            }
        }
        if (!admins.isEmpty()) {
            bindings.add(new ClusterRoleBindingSpec(CLUSTER_ADMINS, CLUSTER_ADMIN_ROLE, List.copyOf(admins)));
        }
        if (!settings.clusterScopeGroup().isEmpty()) {
            bindings.add(new ClusterRoleBindingSpec(CLUSTER_SCOPE, CLUSTER_SCOPE,
                    List.of(settings.groupPrefix() + settings.clusterScopeGroup())));
        }
        bindings.sort(Comparator.comparing(ClusterRoleBindingSpec::name));
        return List.copyOf(bindings);
    }

    /**
     * At most one RoleBinding per tier: each group holds the best of the default role (when it owns the namespace)
     * and its grant, as in {@code AccessPolicy}. Sorted by name; subjects sorted.
     */
    public List<RoleBindingSpec> roleBindings(NamespacePolicy policy) {
        Map<String, Role> best = new LinkedHashMap<>();
        best.put(policy.owningGroup(), settings.defaultRole());
        policy.grants().forEach((group, role) -> best.merge(group, role, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        Map<Role, SortedSet<String>> byRole = new EnumMap<>(Role.class);
        best.forEach((group, role) -> {
            if (!group.isBlank()) {
                byRole.computeIfAbsent(role, r -> new TreeSet<>()).add(settings.groupPrefix() + group.trim());
            }
        });
        List<RoleBindingSpec> bindings = new ArrayList<>();
        byRole.forEach((role, groups) -> bindings.add(
                new RoleBindingSpec(policy.namespace(), roleName(role), role, List.copyOf(groups))));
        bindings.sort(Comparator.comparing(RoleBindingSpec::name));
        return List.copyOf(bindings);
    }

    private static List<Rule> tierRules(Role role, ApiResources resources) {
        Map<List<String>, SortedSet<String>> coreByVerbs = new LinkedHashMap<>();
        for (String name : resources.coreNamespaced()) {
            int slash = name.indexOf('/');
            String resource = slash < 0 ? name : name.substring(0, slash);
            String subresource = slash < 0 ? "" : name.substring(slash + 1);
            if (resource.equals("namespaces") || resource.isEmpty() || resource.equals("*") || subresource.equals("*")) {
                continue;
            }
            List<String> verbs = VERBS.stream().filter(verb -> role.allows(verb, "", resource, subresource)).toList();
            if (!verbs.isEmpty()) {
                coreByVerbs.computeIfAbsent(verbs, v -> new TreeSet<>()).add(name);
            }
        }
        coreByVerbs.computeIfAbsent(READ_VERBS, v -> new TreeSet<>()).add("namespaces");

        Map<List<String>, SortedSet<String>> groupsByVerbs = new LinkedHashMap<>();
        for (String group : resources.groups()) {
            // a group split into classes could only be granted resource by resource, and discovery names none
            // outside core: such a group gets nothing (fail closed); today every non-core group is one class
            ResourceClass.ofWholeGroup(group).ifPresent(whole -> {
                List<String> verbs = VERBS.stream().filter(verb -> role.allows(verb, whole)).toList();
                if (!verbs.isEmpty()) {
                    groupsByVerbs.computeIfAbsent(verbs, v -> new TreeSet<>()).add(group);
                }
            });
        }

        List<Rule> rules = new ArrayList<>();
        coreByVerbs.forEach((verbs, names) -> rules.add(new Rule(List.of(""), List.copyOf(names), verbs)));
        groupsByVerbs.forEach((verbs, groups) -> rules.add(new Rule(List.copyOf(groups), List.of("*"), verbs)));
        rules.sort(RULE_ORDER);
        return List.copyOf(rules);
    }
}
