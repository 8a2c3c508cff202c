package dev.clearance.policy;

import dev.clearance.config.AuthzConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Group namespaces as Kubernetes has them, the {@link NamespaceDirectory} of {@code namespace-source=kubernetes}:
 * an informer on namespaces keeps, per namespace carrying the group label, its owning group and the grants
 * annotation. The webhook's policy, the admission rules and the proxy's RBAC reconciler read this one directory.
 * Not synced (so the authorizer has no opinion) until the informer's first list has arrived. Started only with
 * {@code namespace-source=kubernetes}.
 *
 * <p>It watches every namespace rather than only labelled ones, so that removing the label is seen as the end of
 * ownership whatever the API server's label-selector watch semantics.
 */
@ApplicationScoped
public class KubernetesNamespaceDirectory implements NamespaceDirectory {

    private static final Logger LOG = Logger.getLogger(KubernetesNamespaceDirectory.class);

    private final Instance<KubernetesClient> client;
    private final AuthzConfig config;
    private final Map<String, NamespacePolicy> byName = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Namespace> informer;

    KubernetesNamespaceDirectory(Instance<KubernetesClient> client, AuthzConfig config) {
        this.client = client;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!"kubernetes".equals(config.namespaceSource())) {
            return;
        }
        SharedIndexInformer<Namespace> started = client.get().namespaces().runnableInformer(0);
        started.addEventHandler(new ResourceEventHandler<Namespace>() {
            @Override
            public void onAdd(Namespace ns) {
                apply(ns);
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
                apply(after);
            }

            @Override
            public void onDelete(Namespace ns, boolean finalStateUnknown) {
                byName.remove(ns.getMetadata().getName());
                changed(ns.getMetadata().getName());
            }
        });
        started.exceptionHandler((isStarted, failure) -> {
            LOG.warnf("namespace informer: %s; retrying", failure.getMessage());
            return true;
        });
        informer = started;
        started.start();
        LOG.infof("label=%s annotation=%s: watching namespaces for group ownership", config.groupLabel(),
                config.grantsAnnotation());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.stop();
        }
    }

    private void apply(Namespace ns) {
        String name = ns.getMetadata().getName();
        Map<String, String> labels = ns.getMetadata().getLabels();
        String group = labels == null ? null : labels.get(config.groupLabel());
        if (group == null || group.isBlank()) {
            if (byName.remove(name) != null) {
                changed(name);
            }
            return;
        }
        Map<String, String> annotations = ns.getMetadata().getAnnotations();
        GrantsAnnotation.Parsed grants = GrantsAnnotation.parse(annotations == null ? null : annotations.get(config.grantsAnnotation()));
        if (!grants.rejected().isEmpty()) {
            LOG.warnf("namespace=%s annotation=%s: ignoring grants that do not parse as group=viewer|deployer|admin: %s", name,
                    config.grantsAnnotation(), grants.rejected());
        }
        NamespacePolicy policy = new NamespacePolicy(name, group.trim(), grants.grants());
        if (!policy.equals(byName.put(name, policy))) {
            changed(name);
        }
    }

    private void changed(String namespace) {
        for (Consumer<String> listener : listeners) {
            listener.accept(namespace);
        }
    }

    /**
     * Calls {@code listener} with a namespace's name whenever its policy appears, changes or ends (on the
     * informer's thread: hand work off rather than block).
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Every group namespace known now. */
    public Map<String, NamespacePolicy> snapshot() {
        return Map.copyOf(byName);
    }

    @Override
    public boolean synced() {
        SharedIndexInformer<Namespace> current = informer;
        return current != null && current.hasSynced();
    }

    @Override
    public Optional<NamespacePolicy> find(String namespace) {
        // a request without a namespace is in no group namespace (ConcurrentHashMap.get(null) would throw)
        return namespace == null ? Optional.empty() : Optional.ofNullable(byName.get(namespace));
    }

    /** How many group namespaces are known, for health data. */
    public int size() {
        return byName.size();
    }
}
