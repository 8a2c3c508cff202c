package dev.clearance.proxy.rbac;

import dev.clearance.config.AuthzConfig;
import dev.clearance.config.ProxyConfig;
import dev.clearance.policy.KubernetesNamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.PolicySettings;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleBindingSpec;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the RBAC objects of {@link RbacPlan} in the cluster, so that in proxy mode the API server's RBAC allows
 * impersonated platform identities what the group-namespace policy allows.
 *
 * <p>All work happens on one thread of its own: namespace names (from the namespace directory and from an informer
 * on clearance's own RoleBindings, which catches hand edits and deletions) go into a de-duplicating queue; a full
 * resync at start and every {@code clearance.proxy.rbac.resync-interval} rediscovers the API's resources, applies
 * the ClusterRoles and ClusterRoleBindings and reconciles every namespace, including those that hold clearance's
 * RoleBindings without being group namespaces any more. Only objects labelled
 * {@code app.kubernetes.io/managed-by=clearance} are ever changed or deleted. Failures are retried with exponential
 * backoff, logged at WARN once per kind until that part recovers, and counted.
 *
 * <p>Started only with {@code clearance.proxy.enabled=true}, {@code clearance.proxy.rbac.enabled=true} and
 * {@code clearance.authz.namespace-source=kubernetes}.
 */
@ApplicationScoped
public class RbacReconciler {

    private static final Logger LOG = Logger.getLogger(RbacReconciler.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration NOT_SYNCED_POLL = Duration.ofMillis(100);

    /** What the health check reports. */
    public record Status(boolean enabled, boolean firstResyncDone, Instant lastFullResync, String apiResources,
            String lastError, Instant lastErrorAt, int failing) {
    }

    private final Instance<KubernetesClient> clients;
    private final KubernetesNamespaceDirectory directory;
    private final ProxyConfig proxyConfig;
    private final AuthzConfig authzConfig;
    private final PolicySettings settings;
    private final MeterRegistry registry;

    private final Object lock = new Object();
    /** Namespaces to reconcile, with the System.nanoTime() from which each is due; guarded by {@link #lock}. */
    private final Map<String, Long> dueAt = new LinkedHashMap<>();
    private boolean stopping;

    // worker thread only
    private final Map<String, Integer> namespaceFailures = new HashMap<>();
    private final Map<String, Set<String>> warnedKinds = new HashMap<>();
    private ApiResources lastDiscovered;

    private volatile Status status = new Status(false, false, null, "none", null, null, 0);
    private KubernetesClient client;
    private RbacPlan plan;
    private Duration resyncInterval;
    private Thread worker;
    private SharedIndexInformer<RoleBinding> bindingsInformer;
    private final Map<String, Counter> changes = new HashMap<>();
    private final Map<String, Counter> failures = new HashMap<>();

    RbacReconciler(Instance<KubernetesClient> clients, KubernetesNamespaceDirectory directory, ProxyConfig proxyConfig,
            AuthzConfig authzConfig, PolicySettings settings, MeterRegistry registry) {
        this.clients = clients;
        this.directory = directory;
        this.proxyConfig = proxyConfig;
        this.authzConfig = authzConfig;
        this.settings = settings;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        if (!proxyConfig.enabled()) {
            return;
        }
        if (!proxyConfig.rbac().enabled()) {
            LOG.info("clearance.proxy.rbac.enabled=false: group-namespace policy is not materialised as RBAC; "
                    + "impersonated users get only what other RoleBindings grant");
            return;
        }
        if (!"kubernetes".equals(authzConfig.namespaceSource())) {
            LOG.infof("clearance.authz.namespace-source=%s: group-namespace policy is not materialised as RBAC "
                    + "(only namespace-source=kubernetes is); impersonated users get only what other RoleBindings grant",
                    authzConfig.namespaceSource());
            return;
        }
        resyncInterval = proxyConfig.rbac().resyncInterval();
        if (resyncInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("clearance.proxy.rbac.resync-interval must be at least 1s, was " + resyncInterval,
                    Set.of("clearance.proxy.rbac.resync-interval"));
        }
        plan = new RbacPlan(settings);
        client = clients.get();
        for (String action : List.of("create", "update", "delete")) {
            changes.put(action, Counter.builder("clearance.proxy.rbac.changes").tag("action", action)
                    .description("RBAC objects clearance created, updated or deleted").register(registry));
        }
        for (String phase : List.of("discovery", "cluster", "list", "namespace")) {
            failures.put(phase, Counter.builder("clearance.proxy.rbac.failures").tag("phase", phase)
                    .description("failed RBAC reconciliation steps (retried with backoff)").register(registry));
        }
        status = new Status(true, false, null, "none", null, null, 0);

        directory.onChange(this::enqueue);
        startBindingsInformer();
        worker = new Thread(this::work, "clearance-rbac-reconciler");
        worker.setDaemon(true);
        worker.start();
        LOG.infof("resync-interval=%ss: materialising group namespaces as RoleBindings (labelled %s=%s)", resyncInterval.toSeconds(),
                RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE);
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread running = worker;
        if (running == null) {
            return;
        }
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        running.interrupt();
        try {
            running.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bindingsInformer != null) {
            bindingsInformer.stop();
        }
    }

    public Status status() {
        return status;
    }

    /** Called on the directory's and the informer's threads: only queues. */
    private void enqueue(String namespace) {
        synchronized (lock) {
            dueAt.put(namespace, System.nanoTime());
            lock.notifyAll();
        }
    }

    private void startBindingsInformer() {
        SharedIndexInformer<RoleBinding> informer = client.rbac().roleBindings().inAnyNamespace()
                .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<RoleBinding>() {
            @Override
            public void onAdd(RoleBinding binding) {
                enqueueUnlessExpected(binding);
            }

            @Override
            public void onUpdate(RoleBinding before, RoleBinding after) {
                enqueueUnlessExpected(after);
            }

            @Override
            public void onDelete(RoleBinding binding, boolean finalStateUnknown) {
                enqueue(binding.getMetadata().getNamespace());
            }
        });
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("RoleBinding informer: %s; retrying", failure.getMessage());
            return true;
        });
        bindingsInformer = informer;
        informer.start();
    }

    /** Our own writes come back as events too; only a binding that differs from the plan needs work. */
    private void enqueueUnlessExpected(RoleBinding binding) {
        String namespace = binding.getMetadata().getNamespace();
        boolean expected = directory.find(namespace).map(plan::roleBindings).orElse(List.of()).stream()
                .anyMatch(spec -> spec.name().equals(binding.getMetadata().getName()) && RbacObjects.matches(binding, spec));
        if (!expected) {
            enqueue(namespace);
        }
    }

    // ---- the worker thread ---------------------------------------------------------------------------------------

    private void work() {
        long nextFullResync = System.nanoTime();
        int fullResyncFailures = 0;
        try {
            while (true) {
                String namespace = null;
                boolean fullResync = false;
                synchronized (lock) {
                    while (true) {
                        if (stopping) {
                            return;
                        }
                        if (!directory.synced()) {
                            TimeUnit.NANOSECONDS.timedWait(lock, NOT_SYNCED_POLL.toNanos());
                            continue;
                        }
                        long now = System.nanoTime();
                        if (now - nextFullResync >= 0) {
                            fullResync = true;
                            dueAt.clear();
                            break;
                        }
                        long wakeAt = nextFullResync;
                        for (Map.Entry<String, Long> entry : dueAt.entrySet()) {
                            if (now - entry.getValue() >= 0) {
                                namespace = entry.getKey();
                                break;
                            }
                            if (entry.getValue() - wakeAt < 0) {
                                wakeAt = entry.getValue();
                            }
                        }
                        if (namespace != null) {
                            dueAt.remove(namespace);
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(lock, Math.max(wakeAt - now, TimeUnit.MILLISECONDS.toNanos(1)));
                    }
                }
                if (fullResync) {
                    if (fullResync()) {
                        fullResyncFailures = 0;
                        nextFullResync = System.nanoTime() + resyncInterval.toNanos();
                    } else {
                        fullResyncFailures++;
                        Duration wait = backoff(fullResyncFailures);
                        nextFullResync = System.nanoTime() + (wait.compareTo(resyncInterval) < 0 ? wait : resyncInterval).toNanos();
                    }
                } else {
                    reconcileQueued(namespace);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the RBAC reconciler stopped unexpectedly", e);
            Status current = status;
            status = new Status(true, false, current.lastFullResync(), current.apiResources(), "reconciler stopped: " + e,
                    Instant.now(), current.failing());
            throw e;
        }
    }

    /** Rediscovery, cluster-scoped objects, then every namespace. True when the cluster-wide part succeeded. */
    private boolean fullResync() {
        ApiResources resources = discover();
        boolean clusterApplied = attempt("cluster", "cluster", () -> applyClusterObjects(resources));
        Map<String, List<RoleBinding>> existingByNamespace = new TreeMap<>();
        boolean listed = attempt("list", "list", () -> {
            for (RoleBinding binding : client.rbac().roleBindings().inAnyNamespace()
                    .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).list().getItems()) {
                existingByNamespace.computeIfAbsent(binding.getMetadata().getNamespace(), ns -> new ArrayList<>()).add(binding);
            }
        });
        if (listed) {
            Set<String> namespaces = new TreeSet<>(directory.snapshot().keySet());
            namespaces.addAll(existingByNamespace.keySet());
            for (String namespace : namespaces) {
                if (stopping()) {
                    return false;
                }
                reconcile(namespace, existingByNamespace.getOrDefault(namespace, List.of()));
            }
        }
        boolean ok = clusterApplied && listed;
        Status current = status;
        status = new Status(true, current.firstResyncDone() || ok, ok ? Instant.now() : current.lastFullResync(),
                resources.source(), current.lastError(), current.lastErrorAt(), failingCount());
        if (ok) {
            LOG.debugf("full RBAC resync done: %d group namespaces, API resources from %s", directory.size(), resources.source());
        }
        return ok;
    }

    private ApiResources discover() {
        try {
            ApiResources discovered = ApiDiscovery.discover(client);
            lastDiscovered = discovered;
            succeeded("discovery");
            return discovered;
        } catch (RuntimeException e) {
            ApiResources used = lastDiscovered != null ? lastDiscovered : ApiResources.FALLBACK;
            failed("discovery", "discovery", "API discovery failed, using " + (lastDiscovered != null
                    ? "the last discovered resources" : "the built-in fallback list") + " until the next resync", e);
            return used;
        }
    }

    private void reconcileQueued(String namespace) {
        attemptNamespace(namespace, () -> applyRoleBindings(namespace, client.rbac().roleBindings().inNamespace(namespace)
                .withLabel(RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE).list().getItems()));
    }

    private void reconcile(String namespace, List<RoleBinding> existing) {
        attemptNamespace(namespace, () -> applyRoleBindings(namespace, existing));
    }

    private void attemptNamespace(String namespace, Runnable work) {
        if (attempt("namespace", "namespace " + namespace, work)) {
            namespaceFailures.remove(namespace);
        } else if (!stopping()) {
            int failuresSoFar = namespaceFailures.merge(namespace, 1, Integer::sum);
            synchronized (lock) {
                dueAt.putIfAbsent(namespace, System.nanoTime() + backoff(failuresSoFar).toNanos());
            }
        }
        Status current = status;
        status = new Status(current.enabled(), current.firstResyncDone(), current.lastFullResync(), current.apiResources(),
                current.lastError(), current.lastErrorAt(), failingCount());
    }

    private void applyRoleBindings(String namespace, List<RoleBinding> existing) {
        Optional<NamespacePolicy> policy = directory.find(namespace);
        List<RoleBindingSpec> desired = policy.map(plan::roleBindings).orElse(List.of());
        Map<String, RoleBinding> managedByName = new LinkedHashMap<>();
        for (RoleBinding binding : existing) {
            if (RbacObjects.managed(binding)) {
                managedByName.put(binding.getMetadata().getName(), binding);
            }
        }
        for (RoleBindingSpec spec : desired) {
            RoleBinding current = managedByName.remove(spec.name());
            RoleBinding wanted = RbacObjects.roleBinding(spec);
            if (current == null) {
                createRoleBinding(namespace, wanted);
                changed("create", "RoleBinding", namespace + "/" + spec.name(), spec.groups());
            } else if (!RbacObjects.matches(current, spec)) {
                if (RbacObjects.sameRoleRef(current.getRoleRef(), spec.clusterRole())) {
                    wanted.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    client.rbac().roleBindings().inNamespace(namespace).resource(wanted).update();
                } else {
                    client.rbac().roleBindings().inNamespace(namespace).withName(spec.name()).delete();
                    client.rbac().roleBindings().inNamespace(namespace).resource(wanted).create();
                }
                changed("update", "RoleBinding", namespace + "/" + spec.name(), spec.groups());
            }
        }
        for (RoleBinding leftover : managedByName.values()) {
            client.rbac().roleBindings().inNamespace(namespace).withName(leftover.getMetadata().getName()).delete();
            changed("delete", "RoleBinding", namespace + "/" + leftover.getMetadata().getName(), List.of());
        }
    }

    private void createRoleBinding(String namespace, RoleBinding wanted) {
        try {
            client.rbac().roleBindings().inNamespace(namespace).resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                RoleBinding existing = client.rbac().roleBindings().inNamespace(namespace)
                        .withName(wanted.getMetadata().getName()).get();
                if (existing != null) {
                    requireManaged(existing.getMetadata().getLabels(), "RoleBinding",
                            namespace + "/" + wanted.getMetadata().getName());
                }
            }
            throw e;
        }
    }

    private void applyClusterObjects(ApiResources resources) {
        for (ClusterRoleSpec spec : plan.clusterRoles(resources)) {
            ClusterRole current = client.rbac().clusterRoles().withName(spec.name()).get();
            ClusterRole wanted = RbacObjects.clusterRole(spec);
            if (current == null) {
                // Created empty, then filled: the API server's escalation check on a create has no object name to
                // match, so only an update is covered by the escalate permission restricted to our role names.
                ClusterRole empty = RbacObjects.clusterRole(new ClusterRoleSpec(spec.name(), List.of()));
                ClusterRole created = client.rbac().clusterRoles().resource(empty).create();
                wanted.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
                client.rbac().clusterRoles().resource(wanted).update();
                changed("create", "ClusterRole", spec.name(), List.of());
            } else if (!RbacObjects.matches(current, spec)) {
                requireManaged(current.getMetadata().getLabels(), "ClusterRole", spec.name());
                wanted.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                client.rbac().clusterRoles().resource(wanted).update();
                changed("update", "ClusterRole", spec.name(), List.of());
            }
        }
        Set<String> undesired = new HashSet<>(RbacPlan.OWNED_CLUSTER_ROLE_BINDINGS);
        for (ClusterRoleBindingSpec spec : plan.clusterRoleBindings()) {
            undesired.remove(spec.name());
            ClusterRoleBinding current = client.rbac().clusterRoleBindings().withName(spec.name()).get();
            ClusterRoleBinding wanted = RbacObjects.clusterRoleBinding(spec);
            if (current == null) {
                client.rbac().clusterRoleBindings().resource(wanted).create();
                changed("create", "ClusterRoleBinding", spec.name(), spec.groups());
            } else if (!RbacObjects.matches(current, spec)) {
                requireManaged(current.getMetadata().getLabels(), "ClusterRoleBinding", spec.name());
                if (RbacObjects.sameRoleRef(current.getRoleRef(), spec.clusterRole())) {
                    wanted.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    client.rbac().clusterRoleBindings().resource(wanted).update();
                } else {
                    client.rbac().clusterRoleBindings().withName(spec.name()).delete();
                    client.rbac().clusterRoleBindings().resource(wanted).create();
                }
                changed("update", "ClusterRoleBinding", spec.name(), spec.groups());
            }
        }
        for (String name : new TreeSet<>(undesired)) {
            ClusterRoleBinding current = client.rbac().clusterRoleBindings().withName(name).get();
            if (current != null && RbacObjects.managed(current)) {
                client.rbac().clusterRoleBindings().withName(name).delete();
                changed("delete", "ClusterRoleBinding", name, List.of());
            }
        }
    }

    private static void requireManaged(Map<String, String> labels, String kind, String name) {
        if (labels == null || !RbacPlan.MANAGED_BY_VALUE.equals(labels.get(RbacPlan.MANAGED_BY_LABEL))) {
            throw new IllegalStateException(kind + " " + name + " exists without the label " + RbacPlan.MANAGED_BY_LABEL + "="
                    + RbacPlan.MANAGED_BY_VALUE + "; clearance leaves it alone, so its RBAC may not match the policy "
                    + "until it is deleted or labelled");
        }
    }

    private void changed(String action, String kind, String name, List<String> subjects) {
        changes.get(action).increment();
        LOG.infof("%s %s %s%s", action, kind, name, subjects.isEmpty() ? "" : " subjects=" + subjects);
    }

    // ---- failures ------------------------------------------------------------------------------------------------

    /** Runs {@code work}; a failure is counted, logged once per kind for {@code subject}, and reported as false. */
    private boolean attempt(String phase, String subject, Runnable work) {
        try {
            work.run();
            succeeded(subject);
            return true;
        } catch (RuntimeException e) {
            if (!stopping()) {
                failed(phase, subject, "will retry", e);
            }
            return false;
        }
    }

    private void succeeded(String subject) {
        if (warnedKinds.remove(subject) != null) {
            LOG.infof("%s: RBAC reconciliation works again", subject);
        }
    }

    private void failed(String phase, String subject, String consequence, RuntimeException e) {
        failures.get(phase).increment();
        String kind = e.getClass().getSimpleName();
        String detail = e.getMessage();
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            kind = "HTTP " + k.getCode();
            detail = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : detail;
        }
        String message = subject + ": " + kind + ": " + detail;
        if (warnedKinds.computeIfAbsent(subject, s -> new LinkedHashSet<>()).add(kind)) {
            LOG.warnf("%s (%s; further failures of this kind are logged at DEBUG)", message, consequence);
        } else {
            LOG.debugf("%s (%s)", message, consequence);
        }
        status = withError(status, message);
    }

    private Status withError(Status current, String message) {
        return new Status(current.enabled(), current.firstResyncDone(), current.lastFullResync(), current.apiResources(),
                message, Instant.now(), current.failing());
    }

    private int failingCount() {
        return warnedKinds.size();
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
}
