package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.policy.Role;
import dev.clearance.proxy.rbac.RbacDiff.Change;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.Rule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the reconciler changes for each existing state of each kind it owns. */
class RbacDiffTest {

    static final RoleBindingSpec DEPLOYERS = new RoleBindingSpec("shop", "clearance-deployer", Role.DEPLOYER,
            List.of("oidc:team-a"));
    static final RoleBindingSpec VIEWERS = new RoleBindingSpec("shop", "clearance-viewer", Role.VIEWER,
            List.of("oidc:auditors"));
    static final ClusterRoleSpec VIEWER_ROLE = new ClusterRoleSpec("clearance-viewer",
            List.of(new Rule(List.of(""), List.of("pods"), List.of("get", "list", "watch"))));
    static final ClusterRoleBindingSpec ADMINS = new ClusterRoleBindingSpec(RbacPlan.CLUSTER_ADMINS,
            RbacPlan.CLUSTER_ADMIN_ROLE, List.of("oidc:cluster-admins"));

    /** The object the plan would write, read back at resourceVersion 7. */
    static <T extends HasMetadata> T stored(T object) {
        object.getMetadata().setResourceVersion("7");
        return object;
    }

    static RoleBinding binding(RoleBindingSpec spec) {
        return stored(RbacObjects.roleBinding(spec));
    }

    static RoleBindingBuilder editBinding(RoleBindingSpec spec) {
        return new RoleBindingBuilder(binding(spec));
    }

    static ClusterRoleBindingBuilder editClusterBinding(ClusterRoleBindingSpec spec) {
        return new ClusterRoleBindingBuilder(stored(RbacObjects.clusterRoleBinding(spec)));
    }

    static ClusterRoleBuilder editClusterRole(ClusterRoleSpec spec) {
        return new ClusterRoleBuilder(stored(RbacObjects.clusterRole(spec)));
    }

    /** One row: a plain-English name, the diff to compute (lazily, so one failing row fails alone), the changes due. */
    record Case(String name, Supplier<List<? extends Change<?>>> diff, List<Change<?>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case roleBindings(String name, List<RoleBindingSpec> desired, List<RoleBinding> existing, Change<?>... expected) {
        return new Case("RoleBinding: " + name, () -> RbacDiff.ROLE_BINDINGS.between(desired, existing), List.of(expected));
    }

    static Case clusterRoles(String name, List<ClusterRoleSpec> desired, List<ClusterRole> existing, Change<?>... expected) {
        return new Case("ClusterRole: " + name, () -> RbacDiff.CLUSTER_ROLES.between(desired, existing), List.of(expected));
    }

    static Case clusterRoleBindings(String name, List<ClusterRoleBindingSpec> desired, List<ClusterRoleBinding> existing,
            Change<?>... expected) {
        return new Case("ClusterRoleBinding: " + name, () -> RbacDiff.CLUSTER_ROLE_BINDINGS.between(desired, existing),
                List.of(expected));
    }

    static Stream<Case> cases() {
        List<RoleBindingSpec> deployers = List.of(DEPLOYERS);
        return Stream.of(
                roleBindings("a missing binding is created", deployers, List.of(), new Change.Create<>(DEPLOYERS)),
                roleBindings("an equal binding is left as it is", deployers, List.of(binding(DEPLOYERS))),
                roleBindings("other subjects are updated at the resourceVersion read", deployers,
                        List.of(editBinding(DEPLOYERS).addNewSubject().withKind("Group").withApiGroup(RbacPlan.RBAC_API_GROUP)
                                .withName("oidc:intruders").endSubject().build()),
                        new Change.Update<>(DEPLOYERS, "7")),
                roleBindings("a subject that is a user, not a group, is updated away", deployers,
                        List.of(editBinding(DEPLOYERS).withSubjects(new SubjectBuilder().withKind("User")
                                .withApiGroup(RbacPlan.RBAC_API_GROUP).withName("oidc:team-a").build()).build()),
                        new Change.Update<>(DEPLOYERS, "7")),
                roleBindings("a lost role label is updated back", deployers,
                        List.of(editBinding(DEPLOYERS).editMetadata().removeFromLabels(RbacPlan.ROLE_LABEL).endMetadata().build()),
                        new Change.Update<>(DEPLOYERS, "7")),
                roleBindings("another roleRef is replaced, as Kubernetes cannot update it", deployers,
                        List.of(editBinding(DEPLOYERS).withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "edit").build()),
                        new Change.Replace<>(DEPLOYERS)),
                roleBindings("a roleRef to a Role of the same name is replaced", deployers,
                        List.of(editBinding(DEPLOYERS).withNewRoleRef(RbacPlan.RBAC_API_GROUP, "Role", "clearance-deployer")
                                .build()),
                        new Change.Replace<>(DEPLOYERS)),
                roleBindings("a managed binding the plan lacks is deleted", deployers,
                        List.of(binding(DEPLOYERS), binding(VIEWERS)), new Change.Delete<>("clearance-viewer")),
                roleBindings("an unmanaged binding the plan lacks is left alone", deployers,
                        List.of(binding(DEPLOYERS), editBinding(VIEWERS).editMetadata().withLabels(Map.of()).withName("hand-made")
                                .endMetadata().build())),
                roleBindings("an unmanaged binding of a planned name is a conflict, left alone", deployers,
                        List.of(editBinding(DEPLOYERS).editMetadata().withLabels(Map.of("team", "a")).endMetadata().build()),
                        new Change.Conflict<>("clearance-deployer")),
                roleBindings("no plan for the namespace deletes every managed binding", List.of(),
                        List.of(binding(VIEWERS), binding(DEPLOYERS)),
                        new Change.Delete<>("clearance-viewer"), new Change.Delete<>("clearance-deployer")),
                roleBindings("changes follow the plan's order, deletions last", List.of(DEPLOYERS, VIEWERS),
                        List.of(stored(RbacObjects.roleBinding(new RoleBindingSpec("shop", "clearance-admin", Role.ADMIN,
                                List.of("oidc:leads")))), editBinding(VIEWERS).withSubjects().build()),
                        new Change.Create<>(DEPLOYERS), new Change.Update<>(VIEWERS, "7"), new Change.Delete<>("clearance-admin")),

                clusterRoles("a missing role is created", List.of(VIEWER_ROLE), List.of(), new Change.Create<>(VIEWER_ROLE)),
                clusterRoles("an equal role is left as it is", List.of(VIEWER_ROLE),
                        List.of(stored(RbacObjects.clusterRole(VIEWER_ROLE)))),
                clusterRoles("other rules are updated", List.of(VIEWER_ROLE),
                        List.of(editClusterRole(VIEWER_ROLE).addNewRule().withApiGroups("").withResources("secrets")
                                .withVerbs("get").endRule().build()),
                        new Change.Update<>(VIEWER_ROLE, "7")),
                clusterRoles("a rule narrowed to resource names is updated", List.of(VIEWER_ROLE),
                        List.of(editClusterRole(VIEWER_ROLE).editFirstRule().withResourceNames("one").endRule().build()),
                        new Change.Update<>(VIEWER_ROLE, "7")),
                clusterRoles("an aggregation rule is updated away", List.of(VIEWER_ROLE),
                        List.of(editClusterRole(VIEWER_ROLE).withAggregationRule(new AggregationRuleBuilder().build()).build()),
                        new Change.Update<>(VIEWER_ROLE, "7")),
                clusterRoles("an unmanaged role of a planned name is a conflict, left alone", List.of(VIEWER_ROLE),
                        List.of(editClusterRole(VIEWER_ROLE).editMetadata().withLabels(null).endMetadata().build()),
                        new Change.Conflict<>("clearance-viewer")),
                clusterRoles("a managed role the plan lacks is never deleted", List.of(),
                        List.of(stored(RbacObjects.clusterRole(VIEWER_ROLE)))),

                clusterRoleBindings("a missing binding is created", List.of(ADMINS), List.of(), new Change.Create<>(ADMINS)),
                clusterRoleBindings("an equal binding is left as it is", List.of(ADMINS),
                        List.of(stored(RbacObjects.clusterRoleBinding(ADMINS)))),
                clusterRoleBindings("other subjects are updated", List.of(ADMINS),
                        List.of(editClusterBinding(ADMINS).withSubjects().build()), new Change.Update<>(ADMINS, "7")),
                clusterRoleBindings("another roleRef is replaced", List.of(ADMINS),
                        List.of(editClusterBinding(ADMINS).withNewRoleRef(RbacPlan.RBAC_API_GROUP, "ClusterRole", "view").build()),
                        new Change.Replace<>(ADMINS)),
                clusterRoleBindings("an owned binding the plan no longer has is deleted", List.of(),
                        List.of(stored(RbacObjects.clusterRoleBinding(ADMINS))), new Change.Delete<>(RbacPlan.CLUSTER_ADMINS)),
                clusterRoleBindings("a managed binding of a name clearance does not own is left alone", List.of(),
                        List.of(editClusterBinding(ADMINS).editMetadata().withName("someone-elses").endMetadata().build())),
                clusterRoleBindings("an unmanaged owned binding the plan lacks is left alone", List.of(),
                        List.of(editClusterBinding(ADMINS).editMetadata().withLabels(Map.of()).endMetadata().build())),
                clusterRoleBindings("an unmanaged binding of a planned name is a conflict, left alone", List.of(ADMINS),
                        List.of(editClusterBinding(ADMINS).editMetadata().withLabels(Map.of()).endMetadata().withSubjects()
                                .build()),
                        new Change.Conflict<>(RbacPlan.CLUSTER_ADMINS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDiffIsExactlyTheseChanges(Case c) {
        assertEquals(c.expected(), c.diff().get());
    }
}
