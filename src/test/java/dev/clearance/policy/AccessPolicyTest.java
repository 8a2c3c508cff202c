package dev.clearance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The access decision over every role, verb class, subresource, wildcard and subject kind. */
class AccessPolicyTest {

    static final PolicySettings SETTINGS = new PolicySettings("oidc:", Set.of("cluster-admins"), "cluster-scope",
            Role.DEPLOYER);
    static final NamespaceDirectory DIRECTORY = new StaticNamespaceDirectory(Map.of(
            "team-a", new NamespacePolicy("team-a", "team-a", Map.of("team-a-leads", Role.ADMIN, "auditors", Role.VIEWER)),
            "team-b", new NamespacePolicy("team-b", "team-b", Map.of())));

    /** {@link #DIRECTORY}, failing any lookup the policy must never make: without a namespace. */
    static final NamespaceDirectory ASKED_ONLY_WITH_A_NAMESPACE = new NamespaceDirectory() {
        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public Optional<NamespacePolicy> find(String namespace) {
            if (namespace == null || namespace.isEmpty()) {
                throw new AssertionError("the directory was asked without a namespace");
            }
            return DIRECTORY.find(namespace);
        }
    };

    enum Outcome { ALLOW, NO_OPINION }

    record Case(String name, List<String> groups, String namespace, String verb, String group, String resource, String sub,
            String objectName, Outcome outcome, AuthzReason reason) {
        Case named(String object) {
            return new Case(name, groups, namespace, verb, group, resource, sub, object, outcome, reason);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, String groups, String ns, String verb, String resource, Outcome o, AuthzReason reason) {
        String group = "";
        String sub = "";
        if (resource.contains("/")) {
            sub = resource.substring(resource.indexOf('/') + 1);
            resource = resource.substring(0, resource.indexOf('/'));
        }
        if (resource.contains(".")) {
            group = resource.substring(resource.indexOf('.') + 1);
            resource = resource.substring(0, resource.indexOf('.'));
        }
        return new Case(name, List.of(groups.split(" ")), ns, verb, group, resource, sub, "", o, reason);
    }

    static final Outcome A = Outcome.ALLOW;
    static final Outcome N = Outcome.NO_OPINION;

    static Stream<Case> cases() {
        return Stream.of(
                // viewer (auditors' grant)
                c("viewer gets pods", "oidc:auditors", "team-a", "get", "pods", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer lists deployments", "oidc:auditors", "team-a", "list", "deployments.apps", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer watches configmaps", "oidc:auditors", "team-a", "watch", "configmaps", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer may not read secrets", "oidc:auditors", "team-a", "get", "secrets", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may read a CRD called secrets", "oidc:auditors", "team-a", "get", "secrets.vault.example", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("viewer may not create", "oidc:auditors", "team-a", "create", "configmaps", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer reads pod logs", "oidc:auditors", "team-a", "get", "pods/log", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer may not exec", "oidc:auditors", "team-a", "create", "pods/exec", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not exec over websocket (get)", "oidc:auditors", "team-a", "get", "pods/exec", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not port-forward", "oidc:auditors", "team-a", "get", "pods/portforward", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not attach", "oidc:auditors", "team-a", "create", "pods/attach", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not update scale", "oidc:auditors", "team-a", "update", "deployments.apps/scale", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not reach a pod's endpoints through pods/proxy", "oidc:auditors", "team-a", "get", "pods/proxy", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not reach a service's endpoints through services/proxy", "oidc:auditors", "team-a", "get",
                        "services/proxy", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not use a proxy subresource of any core resource (nodes/proxy)", "oidc:auditors", "team-a", "get",
                        "nodes/proxy", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not touch serviceaccounts/token", "oidc:auditors", "team-a", "get", "serviceaccounts/token", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not list roles", "oidc:auditors", "team-a", "list", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer may not get rolebindings", "oidc:auditors", "team-a", "get", "rolebindings.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("viewer reads service accounts", "oidc:auditors", "team-a", "get", "serviceaccounts", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer reads resource quotas", "oidc:auditors", "team-a", "list", "resourcequotas", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer reads limit ranges", "oidc:auditors", "team-a", "get", "limitranges", A, AuthzReason.NAMESPACE_GRANT),
                c("viewer may read a proxy subresource outside the core group", "oidc:auditors", "team-a", "get",
                        "widgets.example.dev/proxy", A, AuthzReason.NAMESPACE_GRANT),
                c("an admin may not finalize its namespace", "oidc:team-a-leads", "team-a", "update", "namespaces/finalize", N,
                        AuthzReason.NO_GRANT),
                c("an admin may not update its namespace's status", "oidc:team-a-leads", "team-a", "update", "namespaces/status", N,
                        AuthzReason.NO_GRANT),
                // deployer (owning group, default role)
                c("deployer updates deployments", "oidc:team-a", "team-a", "update", "deployments.apps", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer patches scale", "oidc:team-a", "team-a", "patch", "deployments.apps/scale", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer creates secrets", "oidc:team-a", "team-a", "create", "secrets", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer deletes pods", "oidc:team-a", "team-a", "delete", "pods", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer may not delete deployments", "oidc:team-a", "team-a", "delete", "deployments.apps", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not deletecollection pods", "oidc:team-a", "team-a", "deletecollection", "pods", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer execs", "oidc:team-a", "team-a", "create", "pods/exec", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer port-forwards", "oidc:team-a", "team-a", "create", "pods/portforward", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer may not bind", "oidc:team-a", "team-a", "bind", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not escalate", "oidc:team-a", "team-a", "escalate", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not impersonate service accounts", "oidc:team-a", "team-a", "impersonate", "serviceaccounts", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not create roles", "oidc:team-a", "team-a", "create", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not update rolebindings", "oidc:team-a", "team-a", "update", "rolebindings.rbac.authorization.k8s.io",
                        N, AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not read roles, like edit", "oidc:team-a", "team-a", "get", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not list rolebindings, like edit", "oidc:team-a", "team-a", "list",
                        "rolebindings.rbac.authorization.k8s.io", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not patch resource quotas", "oidc:team-a", "team-a", "patch", "resourcequotas", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not update a resource quota's status", "oidc:team-a", "team-a", "update", "resourcequotas/status", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer may not create limit ranges", "oidc:team-a", "team-a", "create", "limitranges", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer reads resource quotas", "oidc:team-a", "team-a", "get", "resourcequotas", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer watches limit ranges", "oidc:team-a", "team-a", "watch", "limitranges", A, AuthzReason.NAMESPACE_GRANT),
                c("deployer may not mint service account tokens", "oidc:team-a", "team-a", "create", "serviceaccounts/token", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("deployer creates service accounts", "oidc:team-a", "team-a", "create", "serviceaccounts", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("deployer reaches a pod through pods/proxy, like edit", "oidc:team-a", "team-a", "get", "pods/proxy", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("deployer posts through services/proxy, like edit", "oidc:team-a", "team-a", "create", "services/proxy", A,
                        AuthzReason.NAMESPACE_GRANT),
                // admin (team-a-leads' grant)
                c("admin deletes deployments", "oidc:team-a-leads", "team-a", "delete", "deployments.apps", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin deletecollection", "oidc:team-a-leads", "team-a", "deletecollection", "configmaps", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin may not bind", "oidc:team-a-leads", "team-a", "bind", "clusterroles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("admin creates rolebindings", "oidc:team-a-leads", "team-a", "create", "rolebindings.rbac.authorization.k8s.io", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin deletes roles", "oidc:team-a-leads", "team-a", "delete", "roles.rbac.authorization.k8s.io", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin may not escalate roles", "oidc:team-a-leads", "team-a", "escalate", "roles.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("admin may not impersonate service accounts", "oidc:team-a-leads", "team-a", "impersonate", "serviceaccounts", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("admin updates resource quotas", "oidc:team-a-leads", "team-a", "update", "resourcequotas", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin creates limit ranges", "oidc:team-a-leads", "team-a", "create", "limitranges", A, AuthzReason.NAMESPACE_GRANT),
                c("admin mints service account tokens", "oidc:team-a-leads", "team-a", "create", "serviceaccounts/token", A,
                        AuthzReason.NAMESPACE_GRANT),
                c("admin gets pods/proxy", "oidc:team-a-leads", "team-a", "get", "pods/proxy", A, AuthzReason.NAMESPACE_GRANT),
                c("the best role of several groups wins", "oidc:auditors oidc:team-a-leads", "team-a", "delete", "pods", A,
                        AuthzReason.NAMESPACE_GRANT),
                // wildcards (kubectl auth can-i)
                c("verb * is never a role's", "oidc:team-a-leads", "team-a", "*", "pods", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * for get: deployer has all", "oidc:team-a", "team-a", "get", "*", A, AuthzReason.NAMESPACE_GRANT),
                c("resource * for get: viewer lacks secrets", "oidc:auditors", "team-a", "get", "*", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * for delete: deployer only pods", "oidc:team-a", "team-a", "delete", "*", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * for delete: admin", "oidc:team-a-leads", "team-a", "delete", "*", A, AuthzReason.NAMESPACE_GRANT),
                c("group * secrets for a viewer", "oidc:auditors", "team-a", "list", "secrets.*", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("subresource * for a viewer", "oidc:auditors", "team-a", "get", "pods/*", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("subresource * for a deployer", "oidc:team-a", "team-a", "get", "pods/*", A, AuthzReason.NAMESPACE_GRANT),
                c("subresource * of services for a viewer stands for services/proxy", "oidc:auditors", "team-a", "get", "services/*",
                        N, AuthzReason.VERB_NOT_IN_ROLE),
                c("subresource * of service accounts for a deployer stands for the token", "oidc:team-a", "team-a", "create",
                        "serviceaccounts/*", N, AuthzReason.VERB_NOT_IN_ROLE),
                c("group * roles for a deployer stands for RBAC roles", "oidc:team-a", "team-a", "create", "roles.*", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("group * roles for a viewer stands for RBAC roles", "oidc:auditors", "team-a", "list", "roles.*", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * of the RBAC group for a viewer", "oidc:auditors", "team-a", "get", "*.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * of the RBAC group for a deployer", "oidc:team-a", "team-a", "get", "*.rbac.authorization.k8s.io", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * for create: deployer lacks quotas", "oidc:team-a", "team-a", "create", "*", N,
                        AuthzReason.VERB_NOT_IN_ROLE),
                c("resource * for create outside the core and RBAC groups: deployer has all", "oidc:team-a", "team-a", "create",
                        "*.apps", A, AuthzReason.NAMESPACE_GRANT),
                c("any group, resource and subresource for delete: admin", "oidc:team-a-leads", "team-a", "delete", "*.*/*", A,
                        AuthzReason.NAMESPACE_GRANT),
                // other namespaces and scopes
                c("a namespace owned by another group", "oidc:team-a", "team-b", "get", "pods", N, AuthzReason.NO_GRANT),
                c("a namespace that is no group namespace", "oidc:team-a", "kube-system", "get", "pods", N, AuthzReason.NO_GRANT),
                c("all namespaces", "oidc:team-a", "", "list", "pods", N, AuthzReason.NO_GRANT),
                c("resource attributes without a namespace", "oidc:team-a", null, "get", "pods", N, AuthzReason.NO_GRANT),
                c("a namespace object by name but without a namespace", "oidc:team-a", null, "get", "namespaces", N,
                        AuthzReason.NO_GRANT).named("team-a"),
                c("cluster-scoped nodes", "oidc:team-a oidc:cluster-scope", "", "get", "nodes", N, AuthzReason.NO_GRANT),
                c("cluster-scope lists namespaces", "oidc:cluster-scope", "", "list", "namespaces", A, AuthzReason.CLUSTER_SCOPE_READ),
                c("cluster-scope watches namespaces", "oidc:cluster-scope", "", "watch", "namespaces", A, AuthzReason.CLUSTER_SCOPE_READ),
                c("cluster-scope may not create namespaces", "oidc:cluster-scope", "", "create", "namespaces", N, AuthzReason.NO_GRANT),
                c("without cluster-scope no namespace list", "oidc:team-a", "", "list", "namespaces", N, AuthzReason.NO_GRANT),
                // admins and unprefixed subjects
                c("cluster-admins may do anything", "oidc:cluster-admins", "kube-system", "delete", "secrets", A,
                        AuthzReason.CLUSTER_ADMIN),
                c("cluster-admins may use wildcards", "oidc:cluster-admins", "", "*", "*", A, AuthzReason.CLUSTER_ADMIN),
                c("an unprefixed admin group counts for nothing", "cluster-admins", "team-a", "delete", "deployments.apps", N,
                        AuthzReason.NO_GRANT),
                c("an unprefixed owning group counts for nothing", "team-a system:authenticated", "team-a", "get", "pods", N,
                        AuthzReason.NO_GRANT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        AccessRequest request = new AccessRequest("oidc:user:alice", c.groups(),
                new AccessRequest.Resource(c.namespace(), c.verb(), c.group(), "v1", c.resource(), c.sub(), c.objectName()), null);

        AuthzDecision decision = new AccessPolicy(SETTINGS, ASKED_ONLY_WITH_A_NAMESPACE).decide(request);

        assertEquals(c.outcome() == Outcome.ALLOW ? AuthzDecision.Allow.class : AuthzDecision.NoOpinion.class, decision.getClass(),
                decision.message());
        assertEquals(c.reason(), decision.reason(), decision.message());
        assertFalse(decision.message().isBlank());
    }

    @Test
    void leavesUnprefixedUsersToRbacEvenWithPrefixedGroups() {
        AuthzDecision d = decide("system:serviceaccount:team-a:builder", List.of("oidc:cluster-admins"), "team-a", "get", "pods", "");

        assertEquals(AuthzReason.NOT_PREFIXED_SUBJECT, d.reason());
    }

    @Test
    void leavesNonResourceUrlsToRbac() {
        AuthzDecision d = new AccessPolicy(SETTINGS, DIRECTORY).decide(new AccessRequest("oidc:user:alice",
                List.of("oidc:team-a"), null, new AccessRequest.NonResource("/metrics", "get")));

        assertEquals(new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "non-resource URLs such as /metrics are left to RBAC"), d);
    }

    @Test
    void membersReadTheirNamespaceObjectButLeaveChangesToRbac() {
        assertEquals(AuthzReason.NAMESPACE_GRANT, decide("oidc:user:alice", List.of("oidc:team-a"), "team-a", "get", "namespaces",
                "team-a").reason());
        assertEquals(AuthzReason.VERB_NOT_IN_ROLE, decide("oidc:user:alice", List.of("oidc:team-a-leads"), "team-a", "patch",
                "namespaces", "team-a").reason());
    }

    @Test
    void hasNoOpinionUntilNamespacesAreSynced() {
        NamespaceDirectory unsynced = new NamespaceDirectory() {
            @Override
            public boolean synced() {
                return false;
            }

            @Override
            public Optional<NamespacePolicy> find(String namespace) {
                return Optional.empty();
            }
        };
        AuthzDecision d = new AccessPolicy(SETTINGS, unsynced).decide(new AccessRequest("oidc:user:alice", List.of("oidc:team-a"),
                new AccessRequest.Resource("team-a", "get", "", "v1", "pods", "", ""), null));

        assertEquals(AuthzReason.NOT_SYNCED, d.reason());
    }

    /**
     * No {@code *} slips past an exception: over every group, resource and subresource any class names (plus others),
     * a request with wildcards is covered only if each concrete request it stands for is allowed.
     */
    @Test
    void aWildcardIsCoveredOnlyWhenEveryConcreteRequestItStandsForIsAllowed() {
        List<String> groups = List.of("", "rbac.authorization.k8s.io", "apps", "example.dev");
        List<String> resources = List.of("pods", "secrets", "serviceaccounts", "resourcequotas", "limitranges", "roles",
                "rolebindings", "configmaps", "services", "nodes", "widgets");
        List<String> subresources = List.of("", "exec", "attach", "portforward", "proxy", "token", "log", "status", "scale");
        List<String> verbs = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "bind",
                "escalate", "impersonate");
        int wildcardsCovered = 0;
        for (Role role : Role.values()) {
            for (String group : withWildcard(groups)) {
                for (String resource : withWildcard(resources)) {
                    for (String sub : withWildcard(subresources)) {
                        for (String verb : withWildcard(verbs)) {
                            boolean wildcard = Stream.of(group, resource, sub, verb).anyMatch("*"::equals);
                            if (!wildcard || !AccessPolicy.covers(role, new AccessRequest.Resource("team-a", verb, group, "v1",
                                    resource, sub, ""))) {
                                continue;
                            }
                            wildcardsCovered++;
                            for (String g : concrete(group, groups)) {
                                for (String r : concrete(resource, resources)) {
                                    for (String s : concrete(sub, subresources)) {
                                        for (String v : concrete(verb, verbs)) {
                                            assertTrue(role.allows(v, g, r, s), role + " covers " + verb + " " + group + "/" + resource
                                                    + "/" + sub + " but not " + v + " " + g + "/" + r + "/" + s);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(wildcardsCovered > 100, "some wildcards are covered: " + wildcardsCovered);
    }

    static List<String> withWildcard(List<String> values) {
        return Stream.concat(values.stream(), Stream.of("*")).toList();
    }

    static List<String> concrete(String value, List<String> values) {
        return value.equals("*") ? values : List.of(value);
    }

    @Test
    void everyNonCoreGroupIsOneClassSoRbacCanGrantItWhole() {
        assertEquals(Optional.of(ResourceClass.RBAC), ResourceClass.ofWholeGroup("rbac.authorization.k8s.io"));
        assertEquals(Optional.of(ResourceClass.OTHER), ResourceClass.ofWholeGroup("apps"));
        assertEquals(Optional.of(ResourceClass.OTHER), ResourceClass.ofWholeGroup("example.dev"));
        assertEquals(Optional.empty(), ResourceClass.ofWholeGroup(""), "the core group is split into classes");
    }

    @Test
    void theStaticDirectoryFindsNothingForANullNamespace() {
        assertEquals(Optional.empty(), DIRECTORY.find(null));
        assertEquals(Optional.empty(), new StaticNamespaceDirectory(Map.of()).find(null));
    }

    @Test
    void explainsTheGrantInWords() {
        AuthzDecision d = decide("oidc:user:alice", List.of("oidc:team-a"), "team-a", "update", "deployments", "");

        assertEquals("oidc:user:alice may update deployments in team-a (role deployer via oidc:team-a)", d.message());
    }

    @Test
    void parsesTheGrantsAnnotationDroppingTypos() {
        GrantsAnnotation.Parsed parsed = GrantsAnnotation.parse(" team-a-leads=admin, auditors=viewer,x=owner,=admin,broken,");

        assertEquals(Map.of("team-a-leads", Role.ADMIN, "auditors", Role.VIEWER), parsed.grants());
        assertEquals(List.of("x=owner", "=admin", "broken"), parsed.rejected());
    }

    static AuthzDecision decide(String user, List<String> groups, String ns, String verb, String resource, String name) {
        return new AccessPolicy(SETTINGS, DIRECTORY).decide(new AccessRequest(user, groups,
                new AccessRequest.Resource(ns, verb, "", "v1", resource, "", name), null));
    }
}
