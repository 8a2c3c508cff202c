package dev.clearance.proxy.rbac;

import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What has to change so that the objects of one kind in the cluster are the plan's: pure, specs and the existing
 * objects in, {@link Change}s out, in the order they are to be carried out (the desired objects in the plan's order,
 * then deletions in the order the existing objects came). {@link RbacApplier} carries them out.
 *
 * <p>Only objects labelled {@code app.kubernetes.io/managed-by=clearance} are ever changed or deleted. An existing
 * object of a desired name without that label is a {@link Change.Conflict}: left alone, and reported. A managed object
 * nobody desires is deleted only where this kind may delete it: every RoleBinding clearance labelled, only the owned
 * names of ClusterRoleBindings, and never a ClusterRole (the plan always desires all four).
 *
 * @param <S> the plan's spec of the kind
 * @param <O> the Kubernetes object of the kind
 */
final class RbacDiff<S, O extends HasMetadata> {

    /**
     * One step towards the plan.
     *
     * @param <S> the plan's spec of the object's kind
     */
    sealed interface Change<S> {

        /** The object is missing. */
        record Create<S>(S spec) implements Change<S> {
        }

        /** The object differs in what may be changed in place; {@code resourceVersion} is the one it was read at. */
        record Update<S>(S spec, String resourceVersion) implements Change<S> {
        }

        /** The object's roleRef differs, which Kubernetes does not let an update change: delete it and create it again. */
        record Replace<S>(S spec) implements Change<S> {
        }

        /** A managed object the plan no longer has. */
        record Delete<S>(String name) implements Change<S> {
        }

        /** An object of the name exists without clearance's label: it stays as it is, and that is a failure to report. */
        record Conflict<S>(String name) implements Change<S> {
        }
    }

    /** clearance's RoleBindings in one namespace; every managed one the plan lacks is deleted. */
    static final RbacDiff<RoleBindingSpec, RoleBinding> ROLE_BINDINGS = new RbacDiff<>(RoleBindingSpec::name,
            RbacObjects::matches, (existing, spec) -> RbacObjects.sameRoleRef(existing.getRoleRef(), spec.clusterRole()),
            name -> true);

    /** The four ClusterRoles; none is ever deleted, as the plan always has them all. */
    static final RbacDiff<ClusterRoleSpec, ClusterRole> CLUSTER_ROLES = new RbacDiff<>(ClusterRoleSpec::name,
            RbacObjects::matches, (existing, spec) -> true, name -> false);

    /** The two ClusterRoleBindings; one without a group to bind is deleted. */
    static final RbacDiff<ClusterRoleBindingSpec, ClusterRoleBinding> CLUSTER_ROLE_BINDINGS = new RbacDiff<>(
            ClusterRoleBindingSpec::name, RbacObjects::matches,
            (existing, spec) -> RbacObjects.sameRoleRef(existing.getRoleRef(), spec.clusterRole()),
            RbacPlan.OWNED_CLUSTER_ROLE_BINDINGS::contains);

    private final Function<S, String> name;
    private final BiPredicate<O, S> matches;
    private final BiPredicate<O, S> updatable;
    private final Predicate<String> deletable;

    /**
     * @param matches whether a (managed) object already is what the spec describes
     * @param updatable whether an update can make the object the spec: false when its roleRef differs
     * @param deletable whether a managed object of this name that the plan lacks is to be deleted
     */
    private RbacDiff(Function<S, String> name, BiPredicate<O, S> matches, BiPredicate<O, S> updatable,
            Predicate<String> deletable) {
        this.name = name;
        this.matches = matches;
        this.updatable = updatable;
        this.deletable = deletable;
    }

    /** The changes that turn {@code existing} (managed or not, of any name) into {@code desired}. */
    List<Change<S>> between(List<S> desired, Collection<O> existing) {
        Map<String, O> byName = new LinkedHashMap<>();
        for (O object : existing) {
            byName.putIfAbsent(object.getMetadata().getName(), object);
        }
        List<Change<S>> changes = new ArrayList<>();
        for (S spec : desired) {
            String specName = name.apply(spec);
            O current = byName.remove(specName);
            if (current == null) {
                changes.add(new Change.Create<>(spec));
            } else if (!RbacObjects.managed(current)) {
                changes.add(new Change.Conflict<>(specName));
            } else if (!matches.test(current, spec)) {
                changes.add(updatable.test(current, spec)
                        ? new Change.Update<>(spec, current.getMetadata().getResourceVersion())
                        : new Change.Replace<>(spec));
            }
        }
        for (O leftover : byName.values()) {
            String leftoverName = leftover.getMetadata().getName();
            if (RbacObjects.managed(leftover) && deletable.test(leftoverName)) {
                changes.add(new Change.Delete<>(leftoverName));
            }
        }
        return List.copyOf(changes);
    }
}
