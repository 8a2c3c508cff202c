package dev.clearance.proxy.rbac;

import dev.clearance.config.AuthzConfig;
import dev.clearance.config.ProxyConfig;
import dev.clearance.policy.KubernetesNamespaceDirectory;
import dev.clearance.policy.PolicySettings;
import dev.clearance.proxy.rbac.RbacMetrics.Phase;
import dev.clearance.proxy.rbac.RbacPlan.ClusterRoleSpec;
import dev.clearance.proxy.rbac.RbacPlan.RoleBindingSpec;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps the RBAC objects of {@link RbacPlan} in the cluster, so that in proxy mode the API server's RBAC allows
 * impersonated platform identities what the group-namespace policy allows. It only orchestrates: the plan says what
 * should exist, {@link RbacDiff} what must change, {@link RbacApplier} changes it, {@link RetryQueue} says when a
 * namespace is next worked on, {@link FailureLog} reports, {@link RbacStatus} is what readiness shows.
 *
 * <p>All work runs on one thread of its own ({@link ReconcilerThread}): namespace names (from the namespace directory
 * and from an informer on clearance's own RoleBindings, which catches hand edits and deletions) go into the queue; a
 * full resync once the directory has synced and every {@code clearance.proxy.rbac.resync-interval} after that
 * rediscovers the API's resources, applies the ClusterRoles and ClusterRoleBindings and reconciles every namespace,
 * including those that hold clearance's RoleBindings without being group namespaces any more. Only objects labelled
 * {@code app.kubernetes.io/managed-by=clearance} are ever changed or deleted. Failures are retried with exponential
 * backoff, logged at WARN once per kind until that part recovers, and counted.
 *
 * <p>Started only with {@code clearance.proxy.enabled=true}, {@code clearance.proxy.rbac.enabled=true} and
 * {@code clearance.authz.namespace-source=kubernetes}.
 */
@ApplicationScoped
public class RbacReconciler {

    private static final Logger LOG = Logger.getLogger(RbacReconciler.class);
    private static final Duration NOT_SYNCED_POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Instance<KubernetesClient> clients;
    private final KubernetesNamespaceDirectory directory;
    private final ProxyConfig proxyConfig;
    private final AuthzConfig authzConfig;
    private final PolicySettings settings;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    private volatile RbacStatus status = RbacStatus.DISABLED;
    private volatile boolean stopping;

    // set once at start
    private KubernetesClient client;
    private RbacPlan plan;
    private Duration resyncInterval;
    private ReconcilerThread thread;
    private RetryQueue queue;
    private RbacApplier applier;
    private FailureLog failures;
    private BindingsInformer bindings;

    // the reconciler's thread only
    private ApiResources lastDiscovered;
    private int resyncFailures;
    private boolean resyncStarted;

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
        if (!wanted()) {
            return;
        }
        resyncInterval = proxyConfig.rbac().resyncInterval();
        if (resyncInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("clearance.proxy.rbac.resync-interval must be at least 1s, was " + resyncInterval,
                    Set.of("clearance.proxy.rbac.resync-interval"));
        }
        plan = new RbacPlan(settings);
        client = clients.get();
        RbacMetrics metrics = new RbacMetrics(registry);
        applier = new RbacApplier(client, metrics);
        failures = new FailureLog(metrics, () -> stopping, message -> status = status.withError(message, clock.instant()));
        thread = new ReconcilerThread("clearance-rbac-reconciler", this::crashed);
        queue = new RetryQueue(System::nanoTime, thread, this::reconcileQueued);
        status = RbacStatus.STARTING;

        directory.onChange(queue::enqueue);
        bindings = BindingsInformer.start(client, this::expected, queue::enqueue);
        thread.schedule(Duration.ZERO, this::resync);
        LOG.infof("resync-interval=%ss: materialising group namespaces as RoleBindings (labelled %s=%s)", resyncInterval.toSeconds(),
                RbacPlan.MANAGED_BY_LABEL, RbacPlan.MANAGED_BY_VALUE);
    }

    private boolean wanted() {
        if (!proxyConfig.enabled()) {
            return false;
        }
        if (!proxyConfig.rbac().enabled()) {
            LOG.info("clearance.proxy.rbac.enabled=false: group-namespace policy is not materialised as RBAC; "
                    + "impersonated users get only what other RoleBindings grant");
            return false;
        }
        if (!"kubernetes".equals(authzConfig.namespaceSource())) {
            LOG.infof("clearance.authz.namespace-source=%s: group-namespace policy is not materialised as RBAC "
                    + "(only namespace-source=kubernetes is); impersonated users get only what other RoleBindings grant",
                    authzConfig.namespaceSource());
            return false;
        }
        return true;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        stopping = true;
        queue.stop();
        thread.stop(STOP_GRACE);
        if (bindings != null) {
            bindings.stop();
        }
    }

    public RbacStatus status() {
        return status;
    }

    // ---- events, on the informers' threads: they only queue ------------------------------------------------------

    /** Whether a RoleBinding the informer reports already is what the plan wants (as clearance's own writes are). */
    private boolean expected(RoleBinding binding) {
        return desired(binding.getMetadata().getNamespace()).stream()
                .anyMatch(spec -> spec.name().equals(binding.getMetadata().getName()) && RbacObjects.matches(binding, spec));
    }

    private List<RoleBindingSpec> desired(String namespace) {
        return directory.find(namespace).map(plan::roleBindings).orElse(List.of());
    }

    // ---- the reconciler's thread ---------------------------------------------------------------------------------

    /** A full resync once the directory has synced; the next one after resync-interval, sooner after a failure. */
    private void resync() {
        if (stopping) {
            return;
        }
        if (!directory.synced()) {
            thread.schedule(NOT_SYNCED_POLL, this::resync);
            return;
        }
        queue.clear();
        resyncStarted = true;
        boolean ok = fullResync();
        resyncFailures = ok ? 0 : resyncFailures + 1;
        Duration backoff = RetryQueue.backoff(resyncFailures);
        thread.schedule(ok || backoff.compareTo(resyncInterval) > 0 ? resyncInterval : backoff, this::resync);
    }

    /** Rediscovery, cluster-scoped objects, then every namespace. True when the cluster-wide part succeeded. */
    private boolean fullResync() {
        ApiResources resources = discover();
        boolean clusterApplied = failures.attempt(Phase.CLUSTER, "cluster", () -> applyClusterObjects(resources));
        Map<String, List<RoleBinding>> existingByNamespace = new TreeMap<>();
        boolean listed = failures.attempt(Phase.LIST, "list", () -> existingByNamespace.putAll(applier.existingRoleBindings()));
        if (listed) {
            Set<String> namespaces = new TreeSet<>(directory.snapshot().keySet());
            namespaces.addAll(existingByNamespace.keySet());
            for (String namespace : namespaces) {
                if (stopping) {
                    return false;
                }
                if (reconcile(namespace, () -> existingByNamespace.getOrDefault(namespace, List.of()))) {
                    queue.succeeded(namespace);
                } else {
                    queue.retry(namespace);
                }
            }
        }
        boolean ok = clusterApplied && listed;
        status = status.afterResync(ok, clock.instant(), resources.source(), failures.failing());
        if (ok) {
            LOG.debugf("full RBAC resync done: %d group namespaces, API resources from %s", directory.size(), resources.source());
        }
        return ok;
    }

    private ApiResources discover() {
        try {
            lastDiscovered = ApiDiscovery.discover(client);
            failures.succeeded("discovery");
            return lastDiscovered;
        } catch (RuntimeException e) {
            failures.failed(Phase.DISCOVERY, "discovery", "API discovery failed, using " + (lastDiscovered != null
                    ? "the last discovered resources" : "the built-in fallback list") + " until the next resync", e);
            return lastDiscovered != null ? lastDiscovered : ApiResources.FALLBACK;
        }
    }

    private void applyClusterObjects(ApiResources resources) {
        List<ClusterRoleSpec> roles = plan.clusterRoles(resources);
        applier.clusterRoles(RbacDiff.CLUSTER_ROLES.between(roles,
                applier.existingClusterRoles(roles.stream().map(ClusterRoleSpec::name).toList())));
        applier.clusterRoleBindings(RbacDiff.CLUSTER_ROLE_BINDINGS.between(plan.clusterRoleBindings(),
                applier.existingClusterRoleBindings(new TreeSet<>(RbacPlan.OWNED_CLUSTER_ROLE_BINDINGS))));
    }

    /** The queue's work. Until the first full resync starts there is none: that resync covers every namespace. */
    private boolean reconcileQueued(String namespace) {
        return !resyncStarted || reconcile(namespace, () -> applier.existingRoleBindings(namespace));
    }

    /** Makes one namespace's RoleBindings the plan's, given clearance's existing ones. True when that worked. */
    private boolean reconcile(String namespace, Supplier<List<RoleBinding>> existing) {
        boolean ok = failures.attempt(Phase.NAMESPACE, "namespace " + namespace,
                () -> applier.roleBindings(namespace, RbacDiff.ROLE_BINDINGS.between(desired(namespace), existing.get())));
        status = status.withFailing(failures.failing());
        return ok;
    }

    private void crashed(Throwable e) {
        LOG.error("the RBAC reconciler stopped unexpectedly", e);
        status = status.stopped("reconciler stopped: " + e, clock.instant());
    }
}
