package dev.clearance.authz;

import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.NamespaceDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Owns the thread that polls {@code clearance.authz.static-file} and stops it on shutdown; {@link AuthzBeans}
 * starts it while building the policy. Also builds the policy at start-up whatever the source, so that an invalid
 * or missing policy file fails start-up rather than the first SubjectAccessReview.
 */
@ApplicationScoped
class PolicyFileWatch {

    private static final Logger LOG = Logger.getLogger(PolicyFileWatch.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private PolicyFile file;
    private ScheduledExecutorService scheduler;

    PolicyFileWatch(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Reads and validates the file (a ConfigurationException when it is missing or invalid), then polls it. */
    synchronized NamespaceDirectory start(Path path, Duration interval) {
        if (file != null) {
            throw new IllegalStateException("the static policy file is watched already");
        }
        PolicyFile loaded = PolicyFile.load(path, registry, clock);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clearance-policy-file");
            t.setDaemon(true);
            return t;
        });
        loaded.watch(interval, scheduler);
        file = loaded;
        LOG.infof("file=%s every=%s namespaces=%d: static policy from a file, reloaded on change", path, interval,
                loaded.directory().current().size());
        return loaded.directory();
    }

    void onStart(@Observes StartupEvent event, AccessPolicy policy) {
        // injecting the policy is what builds (and validates) it now
        policy.directory();
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (file != null) {
            file.close();
            scheduler.shutdownNow();
        }
    }
}
