package dev.clearance.proxy.rbac;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the Kubernetes mock server in CRUD mode. The CRUD mock answers {@code /api/v1} and
 * {@code /apis} with empty lists, so {@link Discovery} serves discovery documents (with a custom {@code example.dev}
 * group the fallback list does not have, to prove they are used).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RbacReconcilerTest.Discovery.class)
@TestProfile(RbacReconcilerTest.ProxyMode.class)
class RbacReconcilerTest {

    static final Duration WITHIN = Duration.ofSeconds(10);
    static final Map<String, String> MANAGED = Map.of("app.kubernetes.io/managed-by", "clearance");

    public static final class ProxyMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clearance.authz.namespace-source", "kubernetes",
                    "clearance.proxy.enabled", "true",
                    "clearance.proxy.insecure-plain-http", "true",
                    "clearance.proxy.port", "0",
                    "clearance.proxy.rbac.resync-interval", "2s");
        }
    }

    public static final class Discovery implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            List<APIResource> core = List.of(resource("configmaps", true, "ConfigMap"), resource("namespaces", false, "Namespace"),
                    resource("namespaces/status", false, "Namespace"), resource("nodes", false, "Node"),
                    resource("pods", true, "Pod"), resource("pods/exec", true, "PodExecOptions"), resource("pods/log", true, "Pod"),
                    resource("secrets", true, "Secret"), resource("services", true, "Service"));
            server.expect().get().withPath("/api/v1")
                    .andReturn(200, new APIResourceListBuilder().withGroupVersion("v1").withResources(core).build()).always();
            server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder().withGroups(
                    new APIGroupBuilder().withName("apps").build(),
                    new APIGroupBuilder().withName("example.dev").build(),
                    new APIGroupBuilder().withName("rbac.authorization.k8s.io").build()).build()).always();
        }

        static APIResource resource(String name, boolean namespaced, String kind) {
            return new APIResourceBuilder().withName(name).withNamespaced(namespaced).withKind(kind)
                    .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build();
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void firstResyncDone() {
        await(() -> "UP".equals(given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == 'proxy-rbac' }.status")), WITHIN, "the first full RBAC resync");
    }

    static void await(BooleanSupplier condition, Duration within, String what) {
        Awaitility.await(what).atMost(within).until(condition::getAsBoolean);
    }

    /** clearance's RoleBindings in a namespace: name to subject names, for those that bind the ClusterRole of their name. */
    Map<String, List<String>> managedBindings(String namespace) {
        Map<String, List<String>> found = new TreeMap<>();
        for (RoleBinding binding : client().rbac().roleBindings().inNamespace(namespace).withLabels(MANAGED).list().getItems()) {
            String name = binding.getMetadata().getName();
            boolean wellFormed = "ClusterRole".equals(binding.getRoleRef().getKind()) && name.equals(binding.getRoleRef().getName())
                    && name.equals("clearance-" + binding.getMetadata().getLabels().get("clearance.dev/role"))
                    && binding.getSubjects().stream().allMatch(s -> "Group".equals(s.getKind())
                            && "rbac.authorization.k8s.io".equals(s.getApiGroup()));
            found.put(name, wellFormed ? binding.getSubjects().stream().map(Subject::getName).toList() : List.of("malformed"));
        }
        return found;
    }

    void createNamespace(String name, Map<String, String> labels) {
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .build()).create();
    }

    static boolean hasRule(ClusterRole role, List<String> apiGroups, String resource, List<String> verbs) {
        return role.getRules().stream().anyMatch(rule -> rule.getApiGroups().equals(apiGroups)
                && rule.getResources().contains(resource) && rule.getVerbs().equals(verbs));
    }

    static boolean grantsAnything(ClusterRole role, String resource) {
        return role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("") && rule.getResources().contains(resource));
    }

    @Test
    void clusterRolesFollowDiscoveryAndBindingsBindThePrefixedGroups() {
        List<String> read = List.of("get", "list", "watch");
        List<String> all = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
        ClusterRole viewer = client().rbac().clusterRoles().withName("clearance-viewer").get();
        assertNotNull(viewer);
        assertEquals(MANAGED, viewer.getMetadata().getLabels());
        assertTrue(hasRule(viewer, List.of(""), "pods", read), viewer.getRules().toString());
        assertTrue(hasRule(viewer, List.of(""), "namespaces", read), viewer.getRules().toString());
        assertFalse(grantsAnything(viewer, "secrets"), viewer.getRules().toString());
        assertFalse(grantsAnything(viewer, "pods/exec"), viewer.getRules().toString());
        assertFalse(grantsAnything(viewer, "nodes"), "only namespaced core resources: " + viewer.getRules());
        assertFalse(grantsAnything(viewer, "namespaces/status"), viewer.getRules().toString());
        assertTrue(hasRule(viewer, List.of("apps", "example.dev"), "*", read),
                "discovered groups, the custom one included, RBAC objects not: " + viewer.getRules());

        ClusterRole deployer = client().rbac().clusterRoles().withName("clearance-deployer").get();
        assertTrue(hasRule(deployer, List.of(""), "pods", List.of("get", "list", "watch", "create", "update", "patch", "delete")),
                deployer.getRules().toString());
        assertTrue(hasRule(deployer, List.of(""), "secrets", List.of("get", "list", "watch", "create", "update", "patch")),
                deployer.getRules().toString());

        ClusterRole admin = client().rbac().clusterRoles().withName("clearance-admin").get();
        assertTrue(hasRule(admin, List.of(""), "secrets", all), admin.getRules().toString());
        assertTrue(hasRule(admin, List.of(""), "namespaces", read), "no tier writes namespaces: " + admin.getRules());
        assertTrue(hasRule(admin, List.of("apps", "example.dev", "rbac.authorization.k8s.io"), "*", all), admin.getRules().toString());
        for (ClusterRole role : List.of(viewer, deployer, admin)) {
            for (PolicyRule rule : role.getRules()) {
                assertFalse(rule.getApiGroups().contains("*") || rule.getVerbs().contains("*"), rule.toString());
                assertFalse(rule.getApiGroups().contains("") && rule.getResources().contains("*"), rule.toString());
            }
        }

        ClusterRole scope = client().rbac().clusterRoles().withName("clearance-cluster-scope").get();
        assertEquals(List.of(new PolicyRuleBuilder().withApiGroups("").withResources("namespaces").withVerbs(read).build()),
                scope.getRules());

        ClusterRoleBinding admins = client().rbac().clusterRoleBindings().withName("clearance-cluster-admins").get();
        assertEquals("cluster-admin", admins.getRoleRef().getName());
        assertEquals(List.of(group("oidc:cluster-admins")), admins.getSubjects());
        assertEquals(MANAGED, admins.getMetadata().getLabels());
        ClusterRoleBinding everyone = client().rbac().clusterRoleBindings().withName("clearance-cluster-scope").get();
        assertEquals("clearance-cluster-scope", everyone.getRoleRef().getName());
        assertEquals(List.of(group("oidc:cluster-scope")), everyone.getSubjects());

        assertEquals("discovery", given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == 'proxy-rbac' }.data.apiResources"));
    }

    static Subject group(String name) {
        return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    @Test
    void roleBindingsFollowTheGroupLabelAndTheGrantsAnnotation() {
        createNamespace("shop", Map.of("clearance.dev/group", "team-c"));
        await(() -> managedBindings("shop").equals(Map.of("clearance-deployer", List.of("oidc:team-c"))), WITHIN,
                "the owning group gets the default role");
        client().rbac().roleBindings().inNamespace("shop").resource(new RoleBindingBuilder().withNewMetadata().withName("hand-made")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                .withSubjects(group("oidc:friends")).build()).create();

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .withAnnotations(Map.of("clearance.dev/grants", "auditors=viewer,team-c=admin")).endMetadata().build());
        await(() -> managedBindings("shop").equals(Map.of("clearance-admin", List.of("oidc:team-c"),
                "clearance-viewer", List.of("oidc:auditors"))), WITHIN, "grants add bindings; the owner gets only its best role");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-d").endMetadata().build());
        await(() -> managedBindings("shop").equals(Map.of("clearance-admin", List.of("oidc:team-c"),
                "clearance-deployer", List.of("oidc:team-d"), "clearance-viewer", List.of("oidc:auditors"))), WITHIN,
                "relabelling changes the subjects");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels("clearance.dev/group").endMetadata().build());
        await(() -> managedBindings("shop").isEmpty(), WITHIN, "removing the label removes clearance's bindings");
        assertNotNull(client().rbac().roleBindings().inNamespace("shop").withName("hand-made").get(),
                "a RoleBinding clearance does not manage stays");
    }

    @Test
    void handEditsAndDeletionsAreUndone() {
        createNamespace("tamper", Map.of("clearance.dev/group", "team-t"));
        Map<String, List<String>> expected = Map.of("clearance-deployer", List.of("oidc:team-t"));
        await(() -> managedBindings("tamper").equals(expected), WITHIN, "the binding is created");

        client().rbac().roleBindings().inNamespace("tamper").withName("clearance-deployer").delete();
        await(() -> managedBindings("tamper").equals(expected), WITHIN, "a deleted binding is restored");

        client().rbac().roleBindings().inNamespace("tamper").withName("clearance-deployer").edit(rb -> new RoleBindingBuilder(rb)
                .addToSubjects(group("oidc:intruders")).build());
        await(() -> managedBindings("tamper").equals(expected), WITHIN, "an edited binding is put back");

        ClusterRole viewer = client().rbac().clusterRoles().withName("clearance-viewer").get();
        client().rbac().clusterRoles().withName("clearance-viewer").edit(role -> {
            role.getRules().add(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("get").build());
            return role;
        });
        await(() -> client().rbac().clusterRoles().withName("clearance-viewer").get().getRules().equals(viewer.getRules()), WITHIN,
                "the next full resync restores an edited ClusterRole");
    }

    @Test
    void clearanceBindingsOutsideGroupNamespacesAreRemoved() {
        createNamespace("stray", Map.of());
        client().rbac().roleBindings().inNamespace("stray").resource(new RoleBindingBuilder().withNewMetadata()
                .withName("clearance-admin").withLabels(Map.of("app.kubernetes.io/managed-by", "clearance",
                        "clearance.dev/role", "admin"))
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "clearance-admin")
                .withSubjects(group("oidc:someone")).build()).create();
        await(() -> managedBindings("stray").isEmpty(), WITHIN, "a managed binding in a namespace without a group is deleted");
    }

    @Inject
    MeterRegistry registry;

    double counted(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    @Test
    void changesAreCountedByTheirAction() {
        double created = counted(RbacMetrics.CHANGES, "action", "create");
        double deleted = counted(RbacMetrics.CHANGES, "action", "delete");

        createNamespace("counted", Map.of("clearance.dev/group", "team-m"));
        await(() -> !managedBindings("counted").isEmpty(), WITHIN, "the binding is created");
        await(() -> counted(RbacMetrics.CHANGES, "action", "create") == created + 1, WITHIN, "one binding, one create counted");

        client().namespaces().withName("counted").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels("clearance.dev/group").endMetadata().build());
        await(() -> managedBindings("counted").isEmpty(), WITHIN, "the binding is deleted");
        await(() -> counted(RbacMetrics.CHANGES, "action", "delete") == deleted + 1, WITHIN, "one binding, one delete counted");
    }

    /** Registered at start, so this holds before any reconciliation: it is about the names README documents. */
    @Test
    void theCountersAreExportedUnderTheirDocumentedNamesWithEveryLabel() {
        String metrics = given().get("/q/metrics").asString();
        for (String action : List.of("create", "update", "delete")) {
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("clearance_proxy_rbac_changes_total{action=\"" + action + "\"")),
                    action + ": " + metrics);
        }
        for (String phase : List.of("discovery", "cluster", "list", "namespace")) {
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("clearance_proxy_rbac_failures_total{phase=\"" + phase + "\"")),
                    phase + ": " + metrics);
        }
    }

    @Test
    void aRoleBindingOfTheSameNameThatIsNotOursIsLeftAloneReportedAndRetried() {
        double namespaceFailures = counted(RbacMetrics.FAILURES, "phase", "namespace");
        createNamespace("taken", Map.of());
        client().rbac().roleBindings().inNamespace("taken").resource(new RoleBindingBuilder().withNewMetadata()
                .withName("clearance-deployer").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                .withSubjects(group("oidc:someone-else")).build()).create();
        client().namespaces().withName("taken").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-x").endMetadata().build());

        await(() -> {
            var check = given().get("/q/health/ready").jsonPath();
            return check.getInt("checks.find { it.name == 'proxy-rbac' }.data.failing") >= 1
                    && check.getString("checks.find { it.name == 'proxy-rbac' }.data.lastError")
                            .startsWith("namespace taken: IllegalStateException: RoleBinding taken/clearance-deployer exists without");
        }, WITHIN, "the conflict is reported");
        assertEquals("UP", given().get("/q/health/ready").jsonPath().getString("checks.find { it.name == 'proxy-rbac' }.status"),
                "one conflicting namespace does not make the proxy unready");
        RoleBinding theirs = client().rbac().roleBindings().inNamespace("taken").withName("clearance-deployer").get();
        assertEquals(List.of(group("oidc:someone-else")), theirs.getSubjects());
        assertEquals("view", theirs.getRoleRef().getName());
        assertTrue(counted(RbacMetrics.FAILURES, "phase", "namespace") > namespaceFailures, "the conflict is counted");

        client().rbac().roleBindings().inNamespace("taken").withName("clearance-deployer").delete();
        await(() -> managedBindings("taken").equals(Map.of("clearance-deployer", List.of("oidc:team-x"))), WITHIN,
                "the binding is created once the name is free");
        await(() -> given().get("/q/health/ready").jsonPath().getInt("checks.find { it.name == 'proxy-rbac' }.data.failing") == 0,
                WITHIN, "the namespace no longer counts as failing");
    }
}
