package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.PolicySettings;
import dev.clearance.policy.Role;
import dev.clearance.policy.StaticNamespaceDirectory;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.Rule;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RbacPlanTest {

    static final List<String> READ = List.of("get", "list", "watch");
    static final List<String> READ_WRITE = List.of("get", "list", "watch", "create", "update", "patch");
    static final List<String> READ_WRITE_DELETE = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    static final List<String> NONE = List.of();

    static final PolicySettings SETTINGS = new PolicySettings("oidc:", Set.of("cluster-admins", "platform-admins"),
            "cluster-scope", Role.DEPLOYER);
    static final RbacPlan PLAN = new RbacPlan(SETTINGS);

    /** A typical discovery: the built-in core resources, a few built-in groups and one custom resource group. */
    static final ApiResources DISCOVERED = ApiResources.of(ApiResources.FALLBACK.coreNamespaced(),
            List.of("apps", "batch", "example.dev", "rbac.authorization.k8s.io"), "discovery");

    static ClusterRoleSpec role(String name) {
        return PLAN.clusterRoles(DISCOVERED).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** RBAC's own matching: which of the eight verbs (and the never-granted ones) a ClusterRole gives on one resource. */
    static List<String> granted(ClusterRoleSpec role, String apiGroup, String resource) {
        List<String> verbs = new ArrayList<>();
        for (String verb : Stream.concat(ALL.stream(), Stream.of("bind", "escalate", "impersonate")).toList()) {
            if (role.rules().stream().anyMatch(rule -> ruleAllows(rule, verb, apiGroup, resource))) {
                verbs.add(verb);
            }
        }
        return verbs;
    }

    static boolean ruleAllows(Rule rule, String verb, String apiGroup, String resource) {
        int slash = resource.indexOf('/');
        boolean resourceMatches = rule.resources().contains("*") || rule.resources().contains(resource)
                || (slash > 0 && rule.resources().contains(resource.substring(0, slash) + "/*"));
        return (rule.verbs().contains(verb) || rule.verbs().contains("*"))
                && (rule.apiGroups().contains(apiGroup) || rule.apiGroups().contains("*"))
                && resourceMatches;
    }

    static Stream<Arguments> grants() {
        return Stream.of(
                Arguments.of("clearance-viewer", "", "pods", READ),
                Arguments.of("clearance-viewer", "", "configmaps", READ),
                Arguments.of("clearance-viewer", "", "pods/log", READ),
                Arguments.of("clearance-viewer", "", "secrets", NONE),
                Arguments.of("clearance-viewer", "", "pods/exec", NONE),
                Arguments.of("clearance-viewer", "", "pods/attach", NONE),
                Arguments.of("clearance-viewer", "", "pods/portforward", NONE),
                Arguments.of("clearance-viewer", "", "namespaces", READ),
                Arguments.of("clearance-viewer", "", "namespaces/status", NONE),
                Arguments.of("clearance-viewer", "", "nodes", NONE),
                Arguments.of("clearance-viewer", "apps", "deployments", READ),
                Arguments.of("clearance-viewer", "example.dev", "widgets", READ),
                Arguments.of("clearance-viewer", "apps", "secrets", READ),
                Arguments.of("clearance-viewer", "", "pods/proxy", NONE),
                Arguments.of("clearance-viewer", "", "services/proxy", NONE),
                Arguments.of("clearance-viewer", "", "serviceaccounts/token", NONE),
                Arguments.of("clearance-viewer", "", "serviceaccounts", READ),
                Arguments.of("clearance-viewer", "", "resourcequotas", READ),
                Arguments.of("clearance-viewer", "", "limitranges", READ),
                Arguments.of("clearance-viewer", "rbac.authorization.k8s.io", "roles", NONE),
                Arguments.of("clearance-viewer", "rbac.authorization.k8s.io", "rolebindings", NONE),
                Arguments.of("clearance-deployer", "", "pods", READ_WRITE_DELETE),
                Arguments.of("clearance-deployer", "", "configmaps", READ_WRITE),
                Arguments.of("clearance-deployer", "", "secrets", READ_WRITE),
                Arguments.of("clearance-deployer", "", "pods/exec", READ_WRITE),
                Arguments.of("clearance-deployer", "", "pods/status", READ_WRITE),
                Arguments.of("clearance-deployer", "", "namespaces", READ),
                Arguments.of("clearance-deployer", "", "namespaces/finalize", NONE),
                Arguments.of("clearance-deployer", "apps", "deployments", READ_WRITE),
                Arguments.of("clearance-deployer", "apps", "deployments/scale", READ_WRITE),
                Arguments.of("clearance-deployer", "batch", "jobs", READ_WRITE),
                Arguments.of("clearance-deployer", "", "pods/proxy", READ_WRITE),
                Arguments.of("clearance-deployer", "", "services/proxy", READ_WRITE),
                Arguments.of("clearance-deployer", "", "serviceaccounts/token", NONE),
                Arguments.of("clearance-deployer", "", "serviceaccounts", READ_WRITE),
                Arguments.of("clearance-deployer", "", "resourcequotas", READ),
                Arguments.of("clearance-deployer", "", "resourcequotas/status", READ),
                Arguments.of("clearance-deployer", "", "limitranges", READ),
                Arguments.of("clearance-deployer", "rbac.authorization.k8s.io", "roles", NONE),
                Arguments.of("clearance-deployer", "rbac.authorization.k8s.io", "rolebindings", NONE),
                Arguments.of("clearance-admin", "", "secrets", ALL),
                Arguments.of("clearance-admin", "", "pods/exec", ALL),
                Arguments.of("clearance-admin", "", "namespaces", READ),
                Arguments.of("clearance-admin", "", "namespaces/status", NONE),
                Arguments.of("clearance-admin", "", "namespaces/finalize", NONE),
                Arguments.of("clearance-admin", "", "nodes", NONE),
                Arguments.of("clearance-admin", "apps", "deployments", ALL),
                Arguments.of("clearance-admin", "example.dev", "widgets", ALL),
                Arguments.of("clearance-admin", "rbac.authorization.k8s.io", "rolebindings", ALL),
                Arguments.of("clearance-admin", "rbac.authorization.k8s.io", "roles", ALL),
                Arguments.of("clearance-admin", "", "serviceaccounts/token", ALL),
                Arguments.of("clearance-admin", "", "resourcequotas", ALL),
                Arguments.of("clearance-admin", "", "limitranges", ALL),
                Arguments.of("clearance-admin", "", "services/proxy", ALL),
                Arguments.of("clearance-admin", "undiscovered.io", "things", NONE),
                Arguments.of("clearance-cluster-scope", "", "namespaces", READ),
                Arguments.of("clearance-cluster-scope", "", "pods", NONE));
    }

    @ParameterizedTest(name = "{0} on {1}/{2}: {3}")
    @MethodSource("grants")
    void eachClusterRoleGrantsExactlyThesesVerbs(String clusterRole, String apiGroup, String resource, List<String> verbs) {
        assertEquals(verbs, granted(role(clusterRole), apiGroup, resource));
    }

    @Test
    void coreRulesAgreeWithTheRoleForEveryDiscoveredResourceAndVerb() {
        for (Role tier : Role.values()) {
            ClusterRoleSpec clusterRole = role(RbacPlan.roleName(tier));
            for (String name : DISCOVERED.coreNamespaced()) {
                String[] parts = name.split("/", 2);
                for (String verb : ALL) {
                    boolean expected = tier.allows(verb, "", parts[0], parts.length == 2 ? parts[1] : "");
                    assertEquals(expected, clusterRole.rules().stream().anyMatch(rule -> ruleAllows(rule, verb, "", name)),
                            tier + " " + verb + " " + name);
                }
            }
        }
    }

    @Test
    void rulesOutsideTheCoreGroupAgreeWithTheRoleForEveryDiscoveredGroup() {
        for (Role tier : Role.values()) {
            ClusterRoleSpec clusterRole = role(RbacPlan.roleName(tier));
            for (String group : DISCOVERED.groups()) {
                for (String resource : List.of("roles", "rolebindings", "deployments", "deployments/scale", "widgets", "secrets")) {
                    String[] parts = resource.split("/", 2);
                    for (String verb : ALL) {
                        boolean expected = tier.allows(verb, group, parts[0], parts.length == 2 ? parts[1] : "");
                        assertEquals(expected, clusterRole.rules().stream().anyMatch(rule -> ruleAllows(rule, verb, group, resource)),
                                tier + " " + verb + " " + group + "/" + resource);
                    }
                }
            }
        }
    }

    @Test
    void theRbacGroupIsLeftOutOfTheWildcardRuleOfEveryTierThatMayNotTouchRbacObjects() {
        ApiResources small = ApiResources.of(List.of("pods", "pods/proxy", "resourcequotas", "serviceaccounts",
                "serviceaccounts/token"), List.of("apps", "rbac.authorization.k8s.io"), "discovery");
        Map<String, List<Rule>> expected = new LinkedHashMap<>();
        expected.put("clearance-admin", List.of(
                new Rule(List.of(""), List.of("pods", "pods/proxy", "resourcequotas", "serviceaccounts", "serviceaccounts/token"),
                        ALL),
                new Rule(List.of(""), List.of("namespaces"), READ),
                new Rule(List.of("apps", "rbac.authorization.k8s.io"), List.of("*"), ALL)));
        expected.put("clearance-cluster-scope", List.of(new Rule(List.of(""), List.of("namespaces"), READ)));
        expected.put("clearance-deployer", List.of(
                new Rule(List.of(""), List.of("pods"), READ_WRITE_DELETE),
                new Rule(List.of(""), List.of("pods/proxy", "serviceaccounts"), READ_WRITE),
                new Rule(List.of(""), List.of("namespaces", "resourcequotas"), READ),
                new Rule(List.of("apps"), List.of("*"), READ_WRITE)));
        expected.put("clearance-viewer", List.of(
                new Rule(List.of(""), List.of("namespaces", "pods", "resourcequotas", "serviceaccounts"), READ),
                new Rule(List.of("apps"), List.of("*"), READ)));
        Map<String, List<Rule>> actual = new LinkedHashMap<>();
        PLAN.clusterRoles(small).forEach(role -> actual.put(role.name(), role.rules()));
        assertEquals(expected, actual);
    }

    @Test
    void noRuleUsesWildcardGroupsCoreWildcardResourcesWildcardVerbsOrTheNeverGrantedVerbs() {
        for (ClusterRoleSpec role : PLAN.clusterRoles(DISCOVERED)) {
            for (Rule rule : role.rules()) {
                assertFalse(rule.apiGroups().contains("*"), role.name() + ": " + rule);
                assertFalse(rule.verbs().contains("*"), role.name() + ": " + rule);
                assertTrue(Collections.disjoint(rule.verbs(), List.of("bind", "escalate", "impersonate")), role.name() + ": " + rule);
                if (rule.apiGroups().contains("")) {
                    assertEquals(List.of(""), rule.apiGroups(), "core resources are never mixed with other groups: " + rule);
                    assertTrue(rule.resources().stream().noneMatch(r -> r.contains("*")), role.name() + ": " + rule);
                }
                if (rule.resources().stream().anyMatch(r -> r.startsWith("namespaces"))) {
                    assertEquals(List.of("namespaces"), rule.resources().stream().filter(r -> r.startsWith("namespaces")).toList());
                    assertEquals(READ, rule.verbs(), role.name() + " never writes namespaces: " + rule);
                }
            }
        }
    }

    @Test
    void theRulesForATypicalDiscoveryAreExactlyThese() {
        ApiResources small = ApiResources.of(List.of("secrets", "pods/log", "configmaps", "pods", "pods/exec"),
                List.of("example.dev", "apps"), "discovery");
        List<String> groups = List.of("apps", "example.dev");
        Map<String, List<Rule>> expected = new LinkedHashMap<>();
        expected.put("clearance-admin", List.of(
                new Rule(List.of(""), List.of("configmaps", "pods", "pods/exec", "pods/log", "secrets"), ALL),
                new Rule(List.of(""), List.of("namespaces"), READ),
                new Rule(groups, List.of("*"), ALL)));
        expected.put("clearance-cluster-scope", List.of(new Rule(List.of(""), List.of("namespaces"), READ)));
        expected.put("clearance-deployer", List.of(
                new Rule(List.of(""), List.of("pods"), READ_WRITE_DELETE),
                new Rule(List.of(""), List.of("configmaps", "pods/exec", "pods/log", "secrets"), READ_WRITE),
                new Rule(List.of(""), List.of("namespaces"), READ),
                new Rule(groups, List.of("*"), READ_WRITE)));
        expected.put("clearance-viewer", List.of(
                new Rule(List.of(""), List.of("configmaps", "namespaces", "pods", "pods/log"), READ),
                new Rule(groups, List.of("*"), READ)));
        Map<String, List<Rule>> actual = new LinkedHashMap<>();
        PLAN.clusterRoles(small).forEach(role -> actual.put(role.name(), role.rules()));
        assertEquals(expected, actual);
    }

    @Test
    void namespacesFromDiscoveryAreIgnoredSoNoTierCanWriteThem() {
        ApiResources odd = ApiResources.of(List.of("pods", "namespaces", "namespaces/status", "namespaces/finalize"), List.of(),
                "discovery");
        for (ClusterRoleSpec role : PLAN.clusterRoles(odd)) {
            for (String verb : List.of("create", "update", "patch", "delete", "deletecollection")) {
                for (String resource : List.of("namespaces", "namespaces/status", "namespaces/finalize")) {
                    assertFalse(role.rules().stream().anyMatch(rule -> ruleAllows(rule, verb, "", resource)),
                            role.name() + " " + verb + " " + resource);
                }
            }
        }
    }

    @Test
    void clusterRoleBindingsBindPrefixedSortedGroups() {
        assertEquals(List.of(
                new ClusterRoleBindingSpec("clearance-cluster-admins", "cluster-admin", List.of("oidc:cluster-admins", "oidc:platform-admins")),
                new ClusterRoleBindingSpec("clearance-cluster-scope", "clearance-cluster-scope", List.of("oidc:cluster-scope"))),
                PLAN.clusterRoleBindings());
        assertEquals(List.of(new ClusterRoleBindingSpec("clearance-cluster-scope", "clearance-cluster-scope", List.of("corp:everyone"))),
                new RbacPlan(new PolicySettings("corp:", Set.of(), "everyone", Role.VIEWER)).clusterRoleBindings(),
                "no admin groups, no admin binding");
    }

    static Stream<Arguments> roleBindings() {
        return Stream.of(
                Arguments.of(Role.DEPLOYER, Map.of(), List.of(binding(Role.DEPLOYER, "oidc:team-a"))),
                Arguments.of(Role.VIEWER, Map.of(), List.of(binding(Role.VIEWER, "oidc:team-a"))),
                Arguments.of(Role.DEPLOYER, Map.of("team-a", Role.ADMIN), List.of(binding(Role.ADMIN, "oidc:team-a"))),
                Arguments.of(Role.DEPLOYER, Map.of("team-a", Role.VIEWER), List.of(binding(Role.DEPLOYER, "oidc:team-a"))),
                Arguments.of(Role.ADMIN, Map.of("team-a", Role.VIEWER), List.of(binding(Role.ADMIN, "oidc:team-a"))),
                Arguments.of(Role.DEPLOYER, Map.of("ops", Role.ADMIN, "leads", Role.ADMIN, "auditors", Role.VIEWER), List.of(
                        binding(Role.ADMIN, "oidc:leads", "oidc:ops"),
                        binding(Role.DEPLOYER, "oidc:team-a"),
                        binding(Role.VIEWER, "oidc:auditors"))),
                Arguments.of(Role.VIEWER, Map.of("b-team", Role.VIEWER, "a-team", Role.VIEWER), List.of(
                        binding(Role.VIEWER, "oidc:a-team", "oidc:b-team", "oidc:team-a"))));
    }

    static RoleBindingSpec binding(Role role, String... groups) {
        return new RoleBindingSpec("shop", "clearance-" + role.label(), role, List.of(groups));
    }

    @ParameterizedTest(name = "default {0}, grants {1}")
    @MethodSource("roleBindings")
    void oneRoleBindingPerTierWithEachGroupAtItsBestRole(Role defaultRole, Map<String, Role> grants, List<RoleBindingSpec> expected) {
        RbacPlan plan = new RbacPlan(new PolicySettings("oidc:", Set.of(), "cluster-scope", defaultRole));
        assertEquals(expected, plan.roleBindings(new NamespacePolicy("shop", "team-a", grants)));
    }

    @Test
    void subjectsCarryTheConfiguredPrefix() {
        RbacPlan corp = new RbacPlan(new PolicySettings("corp:", Set.of("root"), "all", Role.DEPLOYER));
        assertEquals(List.of(new RoleBindingSpec("shop", "clearance-deployer", Role.DEPLOYER, List.of("corp:team-a")),
                new RoleBindingSpec("shop", "clearance-viewer", Role.VIEWER, List.of("corp:auditors"))),
                corp.roleBindings(new NamespacePolicy("shop", "team-a", Map.of("auditors", Role.VIEWER))));
        assertEquals(List.of("corp:root"), corp.clusterRoleBindings().get(0).groups());
    }

    @Test
    void theSameInputInAnyOrderGivesTheSameObjects() {
        List<String> core = new ArrayList<>(ApiResources.FALLBACK.coreNamespaced());
        List<String> groups = new ArrayList<>(List.of("batch", "apps", "example.dev", "rbac.authorization.k8s.io"));
        Collections.reverse(core);
        Collections.reverse(groups);
        assertEquals(PLAN.clusterRoles(DISCOVERED), PLAN.clusterRoles(ApiResources.of(core, groups, "discovery")));
        for (ClusterRoleSpec role : PLAN.clusterRoles(DISCOVERED)) {
            for (Rule rule : role.rules()) {
                assertEquals(new ArrayList<>(new TreeSet<>(rule.resources())), rule.resources());
                assertEquals(new ArrayList<>(new TreeSet<>(rule.apiGroups())), rule.apiGroups());
            }
        }
        Map<String, Role> grants = new LinkedHashMap<>();
        grants.put("zeta", Role.VIEWER);
        grants.put("alpha", Role.VIEWER);
        Map<String, Role> reversed = new LinkedHashMap<>();
        reversed.put("alpha", Role.VIEWER);
        reversed.put("zeta", Role.VIEWER);
        assertEquals(PLAN.roleBindings(new NamespacePolicy("shop", "team-a", grants)),
                PLAN.roleBindings(new NamespacePolicy("shop", "team-a", reversed)));
    }

    /**
     * The whole point: for platform identities, RBAC over the planned objects allows exactly what the webhook's
     * AccessPolicy allows; only the namespace's own subresources are refused on purpose, where AccessPolicy applies the
     * role as to any resource.
     */
    @Test
    void rbacOverThePlannedObjectsAllowsWhatAccessPolicyAllows() {
        NamespacePolicy shop = new NamespacePolicy("shop", "team-a", Map.of("leads", Role.ADMIN, "auditors", Role.VIEWER));
        AccessPolicy policy = new AccessPolicy(new PolicySettings("oidc:", Set.of("cluster-admins"), "cluster-scope",
                Role.DEPLOYER), new StaticNamespaceDirectory(Map.of("shop", shop)));
        List<ClusterRoleSpec> clusterRoles = PLAN.clusterRoles(DISCOVERED);
        List<RoleBindingSpec> bindings = PLAN.roleBindings(shop);
        List<ClusterRoleBindingSpec> clusterBindings = PLAN.clusterRoleBindings();
        List<String[]> resources = List.of(new String[] {"", "pods", ""}, new String[] {"", "pods", "exec"},
                new String[] {"", "pods", "attach"}, new String[] {"", "pods", "portforward"}, new String[] {"", "pods", "log"},
                new String[] {"", "secrets", ""}, new String[] {"", "configmaps", ""}, new String[] {"", "services", "proxy"},
                new String[] {"", "serviceaccounts", "token"}, new String[] {"", "namespaces", ""},
                new String[] {"", "namespaces", "status"}, new String[] {"", "namespaces", "finalize"},
                new String[] {"apps", "deployments", ""},
                new String[] {"apps", "deployments", "scale"}, new String[] {"example.dev", "widgets", ""},
                new String[] {"example.dev", "widgets", "status"}, new String[] {"example.dev", "widgets", "proxy"},
                new String[] {"", "pods", "proxy"}, new String[] {"", "services", ""}, new String[] {"", "serviceaccounts", ""},
                new String[] {"", "resourcequotas", ""}, new String[] {"", "resourcequotas", "status"},
                new String[] {"", "limitranges", ""}, new String[] {RbacPlan.RBAC_API_GROUP, "roles", ""},
                new String[] {RbacPlan.RBAC_API_GROUP, "rolebindings", ""});
        int compared = 0;
        for (String group : List.of("team-a", "leads", "auditors", "stranger", "cluster-scope")) {
            for (String namespace : List.of("shop", "elsewhere", "")) {
                for (String[] r : resources) {
                    for (String verb : Stream.concat(ALL.stream(), Stream.of("bind", "escalate", "impersonate")).toList()) {
                        String name = r[1].equals("namespaces") ? namespace : "";
                        AuthzDecision decision = policy.decide(new AccessRequest("oidc:user:alice", List.of("oidc:" + group),
                                new AccessRequest.Resource(namespace, verb, r[0], "v1", r[1], r[2], name), null));
                        boolean rbac = rbacAllows(clusterRoles, clusterBindings, bindings, "oidc:" + group, namespace, verb, r[0],
                                r[2].isEmpty() ? r[1] : r[1] + "/" + r[2]);
                        assertEquals(decision instanceof AuthzDecision.Allow, rbac,
                                group + " " + verb + " " + r[0] + "/" + r[1] + "/" + r[2] + " in '" + namespace + "': " + decision);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 1000);
    }

    /** RBAC authorization for one group: ClusterRoleBindings anywhere, RoleBindings (all in "shop") in their namespace. */
    static boolean rbacAllows(List<ClusterRoleSpec> clusterRoles, List<ClusterRoleBindingSpec> clusterBindings,
            List<RoleBindingSpec> bindings, String group, String namespace, String verb, String apiGroup, String resource) {
        List<String> roles = new ArrayList<>();
        clusterBindings.stream().filter(b -> b.groups().contains(group)).forEach(b -> roles.add(b.clusterRole()));
        bindings.stream().filter(b -> b.namespace().equals(namespace) && b.groups().contains(group))
                .forEach(b -> roles.add(b.clusterRole()));
        return roles.stream().anyMatch(name -> name.equals("cluster-admin") || clusterRoles.stream()
                .filter(role -> role.name().equals(name))
                .anyMatch(role -> role.rules().stream().anyMatch(rule -> ruleAllows(rule, verb, apiGroup, resource))));
    }

    @Test
    void discoveryKeepsNamespacedCoreResourcesAndGroupNamesAndRefusesEmptyAnswers() {
        ApiResources found = ApiDiscovery.from(new APIResourceListBuilder().withGroupVersion("v1").withResources(
                new APIResourceBuilder().withName("pods").withNamespaced(true).build(),
                new APIResourceBuilder().withName("pods/exec").withNamespaced(true).build(),
                new APIResourceBuilder().withName("nodes").withNamespaced(false).build(),
                new APIResourceBuilder().withName("namespaces").withNamespaced(false).build()).build(),
                new APIGroupListBuilder().withGroups(new APIGroupBuilder().withName("batch").build(),
                        new APIGroupBuilder().withName("apps").build()).build());
        assertEquals(ApiResources.of(List.of("pods", "pods/exec"), List.of("apps", "batch"), "discovery"), found);
        // the Kubernetes mock server's CRUD mode answers discovery with empty lists
        assertThrows(IllegalStateException.class, () -> ApiDiscovery.from(new APIResourceListBuilder().build(),
                new APIGroupListBuilder().withGroups(new APIGroupBuilder().withName("apps").build()).build()));
        assertThrows(IllegalStateException.class, () -> ApiDiscovery.from(new APIResourceListBuilder().withResources(
                new APIResourceBuilder().withName("pods").withNamespaced(true).build()).build(), new APIGroupListBuilder().build()));
    }

    @Test
    void theProxyManifestLetsTheReconcilerWriteExactlyTheObjectsThePlanOwns() throws IOException {
        List<PolicyRule> rules = null;
        for (String document : Files.readString(Path.of("deploy/proxy/rbac.yaml")).split("(?m)^---$")) {
            HasMetadata object = Serialization.unmarshal(document);
            if (object instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole role) {
                rules = role.getRules();
            }
        }
        assertNotNullRules(rules);
        assertEquals(new TreeSet<>(RbacPlan.OWNED_CLUSTER_ROLES), names(rules, "clusterroles", "update"));
        assertEquals(new TreeSet<>(RbacPlan.OWNED_CLUSTER_ROLE_BINDINGS), names(rules, "clusterrolebindings", "delete"));
        Set<String> bindable = new TreeSet<>(RbacPlan.OWNED_CLUSTER_ROLES);
        bindable.add(RbacPlan.CLUSTER_ADMIN_ROLE);
        assertEquals(bindable, names(rules, "clusterroles", "bind"));
        assertEquals(bindable, names(rules, "clusterroles", "escalate"));
        for (PolicyRule rule : rules) {
            assertFalse(rule.getVerbs().contains("*") || rule.getResources().contains("*") || rule.getApiGroups().contains("*"),
                    rule.toString());
            assertFalse(rule.getResources().contains("serviceaccounts") && rule.getVerbs().contains("impersonate"), rule.toString());
        }
    }

    static void assertNotNullRules(List<PolicyRule> rules) {
        assertTrue(rules != null && !rules.isEmpty(), "deploy/proxy/rbac.yaml has a ClusterRole with rules");
    }

    /** The resourceNames a verb on a resource is restricted to; a rule without names fails the comparison. */
    static Set<String> names(List<PolicyRule> rules, String resource, String verb) {
        Set<String> names = new TreeSet<>();
        for (PolicyRule rule : rules) {
            if (rule.getResources().contains(resource) && rule.getVerbs().contains(verb)) {
                names.addAll(rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? List.of("(any name)")
                        : rule.getResourceNames());
            }
        }
        return names;
    }
}
