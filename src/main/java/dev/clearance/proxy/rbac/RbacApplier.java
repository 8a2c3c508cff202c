package dev.clearance.proxy.rbac;

import dev.clearance.proxy.rbac.RbacDiff.Change;
import dev.clearance.proxy.rbac.RbacMetrics.Action;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * clearance's RBAC objects through the Kubernetes client: reads what exists, and carries out {@link RbacDiff}'s
 * changes in order, stopping at the first that fails (the exception says which; the reconciler retries the whole diff
 * later). Each change is logged at INFO and counted by {@link Action}. A {@link Change.Conflict}, or a create refused
 * because an object without clearance's label took the name meanwhile, fails with an {@link IllegalStateException}
 * that says the object is left alone.
 */
final class RbacApplier {

    /** The reconciler's category: one logger to raise for everything it does. */
    private static final Logger LOG = Logger.getLogger(RbacReconciler.class);

    /**
     * How one kind is written.
     *
     * @param where what comes before an object's name in logs ({@code namespace/} or nothing)
     * @param placeholder for ClusterRoles, the empty object that is created first; null to create the object itself
     */
    private record Target<S, T extends HasMetadata>(String kind, String where, NonNamespaceOperation<T, ?, Resource<T>> api,
            Function<S, String> name, Function<S, T> object, Function<S, List<String>> subjects, Function<S, T> placeholder) {
    }

    private final KubernetesClient client;
    private final RbacMetrics metrics;

    RbacApplier(KubernetesClient client, RbacMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    /** clearance's RoleBindings in every namespace, by namespace. */
    Map<String, List<RoleBinding>> existingRoleBindings() {
        Map<String, List<RoleBinding>> byNamespace = new TreeMap<>();
        for (RoleBinding binding : client.rbac().roleBindings().inAnyNamespace()
                .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).list().getItems()) {
            byNamespace.computeIfAbsent(binding.getMetadata().getNamespace(), ns -> new ArrayList<>()).add(binding);
        }
        return byNamespace;
    }

    /** clearance's RoleBindings in one namespace. */
    List<RoleBinding> existingRoleBindings(String namespace) {
        return client.rbac().roleBindings().inNamespace(namespace)
                .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).list().getItems();
    }

    /** The ClusterRoles of these names that exist, labelled or not. */
    List<ClusterRole> existingClusterRoles(Collection<String> names) {
        return named(client.rbac().clusterRoles(), names);
    }

    /** The ClusterRoleBindings of these names that exist, labelled or not. */
    List<ClusterRoleBinding> existingClusterRoleBindings(Collection<String> names) {
        return named(client.rbac().clusterRoleBindings(), names);
    }

    /** Read one by one: clearance's ServiceAccount may change cluster-scoped objects of its own names only. */
    private static <T extends HasMetadata> List<T> named(NonNamespaceOperation<T, ?, Resource<T>> api, Collection<String> names) {
        List<T> found = new ArrayList<>();
        for (String name : names) {
            T object = api.withName(name).get();
            if (object != null) {
                found.add(object);
            }
        }
        return found;
    }

    void roleBindings(String namespace, List<Change<RoleBindingSpec>> changes) {
        apply(new Target<>("RoleBinding", namespace + "/", client.rbac().roleBindings().inNamespace(namespace),
                RoleBindingSpec::name, RbacObjects::roleBinding, RoleBindingSpec::groups, null), changes);
    }

    /**
     * A new ClusterRole is created empty, then filled: the API server's escalation check on a create has no object
     * name to match, so only an update is covered by the escalate permission restricted to clearance's role names.
     */
    void clusterRoles(List<Change<ClusterRoleSpec>> changes) {
        apply(new Target<>("ClusterRole", "", client.rbac().clusterRoles(), ClusterRoleSpec::name, RbacObjects::clusterRole,
                spec -> List.of(), spec -> RbacObjects.clusterRole(new ClusterRoleSpec(spec.name(), List.of()))), changes);
    }

    void clusterRoleBindings(List<Change<ClusterRoleBindingSpec>> changes) {
        apply(new Target<>("ClusterRoleBinding", "", client.rbac().clusterRoleBindings(), ClusterRoleBindingSpec::name,
                RbacObjects::clusterRoleBinding, ClusterRoleBindingSpec::groups, null), changes);
    }

    private <S, T extends HasMetadata> void apply(Target<S, T> target, List<Change<S>> changes) {
        for (Change<S> change : changes) {
            if (change instanceof Change.Create<S> create) {
                create(target, create.spec());
                changed(Action.CREATE, target, create.spec());
            } else if (change instanceof Change.Update<S> update) {
                T wanted = target.object().apply(update.spec());
                wanted.getMetadata().setResourceVersion(update.resourceVersion());
                target.api().resource(wanted).update();
                changed(Action.UPDATE, target, update.spec());
            } else if (change instanceof Change.Replace<S> replace) {
                target.api().withName(target.name().apply(replace.spec())).delete();
                target.api().resource(target.object().apply(replace.spec())).create();
                changed(Action.UPDATE, target, replace.spec());
            } else if (change instanceof Change.Delete<S> delete) {
                target.api().withName(delete.name()).delete();
                metrics.changed(Action.DELETE);
                LOG.infof("%s %s %s%s", Action.DELETE.label, target.kind(), target.where(), delete.name());
            } else if (change instanceof Change.Conflict<S> conflict) {
                throw notOurs(target, conflict.name());
            }
        }
    }

    private <S, T extends HasMetadata> void create(Target<S, T> target, S spec) {
        T wanted = target.object().apply(spec);
        try {
            if (target.placeholder() == null) {
                target.api().resource(wanted).create();
                return;
            }
            T created = target.api().resource(target.placeholder().apply(spec)).create();
            wanted.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
            target.api().resource(wanted).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                T existing = target.api().withName(target.name().apply(spec)).get();
                if (existing != null && !RbacObjects.managed(existing)) {
                    throw notOurs(target, target.name().apply(spec));
                }
            }
            throw e;
        }
    }

    private <S> void changed(Action action, Target<S, ?> target, S spec) {
        metrics.changed(action);
        List<String> subjects = target.subjects().apply(spec);
        LOG.infof("%s %s %s%s%s", action.label, target.kind(), target.where(), target.name().apply(spec),
                subjects.isEmpty() ? "" : " subjects=" + subjects);
    }

    private static IllegalStateException notOurs(Target<?, ?> target, String name) {
        return new IllegalStateException(target.kind() + " " + target.where() + name + " exists without the label "
                + RbacPlan.MANAGED_BY_LABEL + "=" + RbacPlan.MANAGED_BY_VALUE + "; clearance leaves it alone, so its RBAC "
                + "may not match the policy until it is deleted or labelled");
    }
}
