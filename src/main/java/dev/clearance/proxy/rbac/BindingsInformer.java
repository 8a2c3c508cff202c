package dev.clearance.proxy.rbac;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Watches clearance's own RoleBindings in every namespace, so that a hand edit or deletion is undone within moments
 * rather than at the next full resync: it names the namespace to reconcile. clearance's own writes come back as events
 * too; a binding that already is what the plan wants ({@code expected}) needs no work. Calls {@code reconcile} on the
 * informer's thread, which must only queue.
 */
final class BindingsInformer {

    /** The reconciler's category: one logger to raise for everything it does. */
    private static final Logger LOG = Logger.getLogger(RbacReconciler.class);

    private final SharedIndexInformer<RoleBinding> informer;

    private BindingsInformer(SharedIndexInformer<RoleBinding> informer) {
        this.informer = informer;
    }

    static BindingsInformer start(KubernetesClient client, Predicate<RoleBinding> expected, Consumer<String> reconcile) {
        SharedIndexInformer<RoleBinding> informer = client.rbac().roleBindings().inAnyNamespace()
                .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<RoleBinding>() {
            @Override
            public void onAdd(RoleBinding binding) {
                changed(binding);
            }

            @Override
            public void onUpdate(RoleBinding before, RoleBinding after) {
                changed(after);
            }

            @Override
            public void onDelete(RoleBinding binding, boolean finalStateUnknown) {
                reconcile.accept(binding.getMetadata().getNamespace());
            }

            private void changed(RoleBinding binding) {
                if (!expected.test(binding)) {
                    reconcile.accept(binding.getMetadata().getNamespace());
                }
            }
        });
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("RoleBinding informer: %s; retrying", failure.getMessage());
            return true;
        });
        informer.start();
        return new BindingsInformer(informer);
    }

    void stop() {
        informer.stop();
    }
}
