package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.policy.Role;
import dev.clearance.proxy.rbac.RbacDiff.Change;
import dev.clearance.proxy.rbac.RbacMetrics.Action;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.Rule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The applier against the Kubernetes mock server in CRUD mode: each change lands, and is counted by its action. */
@EnableKubernetesMockClient(crud = true)
class RbacApplierTest {

    static KubernetesClient client;

    static final RoleBindingSpec DEPLOYERS = new RoleBindingSpec("shop", "clearance-deployer", Role.DEPLOYER,
            List.of("oidc:team-a"));
    static final ClusterRoleSpec VIEWER_ROLE = new ClusterRoleSpec("clearance-viewer",
            List.of(new Rule(List.of(""), List.of("pods"), List.of("get", "list", "watch"))));
    static final ClusterRoleBindingSpec SCOPE = new ClusterRoleBindingSpec(RbacPlan.CLUSTER_SCOPE, RbacPlan.CLUSTER_SCOPE,
            List.of("oidc:cluster-scope"));

    SimpleMeterRegistry registry;
    RbacApplier applier;

    @BeforeEach
    void freshState() {
        client.rbac().roleBindings().inAnyNamespace().delete();
        client.rbac().clusterRoles().delete();
        client.rbac().clusterRoleBindings().delete();
        registry = new SimpleMeterRegistry();
        applier = new RbacApplier(client, new RbacMetrics(registry));
    }

    Map<Action, Double> counted() {
        Map<Action, Double> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            counts.put(action, registry.get(RbacMetrics.CHANGES).tag("action", action.label).counter().count());
        }
        return counts;
    }

    static Map<Action, Double> counts(double create, double update, double delete) {
        return Map.of(Action.CREATE, create, Action.UPDATE, update, Action.DELETE, delete);
    }

    RoleBinding binding(String name) {
        return client.rbac().roleBindings().inNamespace("shop").withName(name).get();
    }

    RoleBinding stored(RoleBinding binding) {
        return client.rbac().roleBindings().inNamespace("shop").resource(binding).create();
    }

    @Test
    void aCreatedBindingIsThePlannedObject() {
        applier.roleBindings("shop", List.of(new Change.Create<>(DEPLOYERS)));

        assertTrue(RbacObjects.matches(binding("clearance-deployer"), DEPLOYERS), binding("clearance-deployer").toString());
        assertEquals(counts(1, 0, 0), counted());
    }

    @Test
    void anUpdateRewritesTheObjectAtTheResourceVersionRead() {
        RoleBinding old = stored(new RoleBindingBuilder(RbacObjects.roleBinding(DEPLOYERS)).withSubjects().build());

        applier.roleBindings("shop", List.of(new Change.Update<>(DEPLOYERS, old.getMetadata().getResourceVersion())));

        RoleBinding updated = binding("clearance-deployer");
        assertTrue(RbacObjects.matches(updated, DEPLOYERS), updated.toString());
        assertEquals(old.getMetadata().getUid(), updated.getMetadata().getUid(), "the same object, updated in place");
        assertEquals(counts(0, 1, 0), counted());
    }

    @Test
    void aReplaceGivesTheObjectItsNewRoleRefAndCountsAsAnUpdate() {
        RoleBinding old = stored(new RoleBindingBuilder(RbacObjects.roleBinding(DEPLOYERS))
                .withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "edit").build());

        applier.roleBindings("shop", List.of(new Change.Replace<>(DEPLOYERS)));

        RoleBinding replaced = binding("clearance-deployer");
        assertTrue(RbacObjects.matches(replaced, DEPLOYERS), replaced.toString());
        assertNotEquals(old.getMetadata().getUid(), replaced.getMetadata().getUid(),
                "deleted and created again, as Kubernetes refuses to update a roleRef");
        assertEquals(counts(0, 1, 0), counted());
    }

    @Test
    void aDeleteRemovesTheObject() {
        stored(RbacObjects.roleBinding(DEPLOYERS));

        applier.roleBindings("shop", List.of(new Change.Delete<>("clearance-deployer")));

        assertNull(binding("clearance-deployer"));
        assertEquals(counts(0, 0, 1), counted());
    }

    @Test
    void aConflictLeavesTheObjectAloneFailsAndStopsTheChangesAfterIt() {
        RoleBinding theirs = stored(new RoleBindingBuilder().withNewMetadata().withName("clearance-deployer").endMetadata()
                .withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "view").build());
        RoleBindingSpec viewers = new RoleBindingSpec("shop", "clearance-viewer", Role.VIEWER, List.of("oidc:auditors"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> applier.roleBindings("shop",
                List.of(new Change.Conflict<>("clearance-deployer"), new Change.Create<>(viewers))));

        assertEquals("RoleBinding shop/clearance-deployer exists without the label app.kubernetes.io/managed-by=clearance; "
                + "clearance leaves it alone, so its RBAC may not match the policy until it is deleted or labelled", e.getMessage());
        assertEquals(theirs.getRoleRef(), binding("clearance-deployer").getRoleRef());
        assertNull(binding("clearance-viewer"), "nothing after the failing change is done");
        assertEquals(counts(0, 0, 0), counted());
    }

    @Test
    void aCreateRefusedBecauseAnUnlabelledObjectTookTheNameSaysSo() {
        stored(new RoleBindingBuilder().withNewMetadata().withName("clearance-deployer").endMetadata()
                .withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "view").build());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> applier.roleBindings("shop", List.of(new Change.Create<>(DEPLOYERS))));

        assertTrue(e.getMessage().startsWith("RoleBinding shop/clearance-deployer exists without the label"), e.getMessage());
        assertEquals("view", binding("clearance-deployer").getRoleRef().getName());
        assertEquals(counts(0, 0, 0), counted());
    }

    @Test
    void aClusterRoleIsCreatedWithItsRulesAndCountedOnce() {
        applier.clusterRoles(List.of(new Change.Create<>(VIEWER_ROLE)));

        ClusterRole created = client.rbac().clusterRoles().withName("clearance-viewer").get();
        assertTrue(RbacObjects.matches(created, VIEWER_ROLE), created.toString());
        assertEquals(counts(1, 0, 0), counted());
    }

    @Test
    void clusterRoleBindingsAreCreatedReplacedAndDeleted() {
        applier.clusterRoleBindings(List.of(new Change.Create<>(SCOPE)));
        String created = client.rbac().clusterRoleBindings().withName(RbacPlan.CLUSTER_SCOPE).get().getMetadata().getUid();
        ClusterRoleBindingSpec rebound = new ClusterRoleBindingSpec(RbacPlan.CLUSTER_SCOPE, "view", SCOPE.groups());
        applier.clusterRoleBindings(List.of(new Change.Replace<>(rebound)));
        ClusterRoleBinding replaced = client.rbac().clusterRoleBindings().withName(RbacPlan.CLUSTER_SCOPE).get();
        assertNotNull(replaced);
        assertEquals("view", replaced.getRoleRef().getName());
        assertNotEquals(created, replaced.getMetadata().getUid(), "deleted and created again");

        applier.clusterRoleBindings(List.of(new Change.Delete<>(RbacPlan.CLUSTER_SCOPE)));

        assertNull(client.rbac().clusterRoleBindings().withName(RbacPlan.CLUSTER_SCOPE).get());
        assertEquals(counts(1, 1, 1), counted());
    }

    @Test
    void existingObjectsAreReadByNameAndClearancesBindingsByNamespace() {
        stored(RbacObjects.roleBinding(DEPLOYERS));
        stored(new RoleBindingBuilder().withNewMetadata().withName("hand-made").endMetadata()
                .withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "view").build());
        applier.clusterRoleBindings(List.of(new Change.Create<>(SCOPE)));

        assertEquals(List.of("clearance-deployer"), applier.existingRoleBindings("shop").stream()
                .map(b -> b.getMetadata().getName()).toList(), "only labelled bindings");
        assertEquals(List.of("shop"), List.copyOf(applier.existingRoleBindings().keySet()));
        assertEquals(List.of(RbacPlan.CLUSTER_SCOPE), applier.existingClusterRoleBindings(List.of(RbacPlan.CLUSTER_ADMINS,
                RbacPlan.CLUSTER_SCOPE)).stream().map(b -> b.getMetadata().getName()).toList(), "missing names are left out");
    }
}
