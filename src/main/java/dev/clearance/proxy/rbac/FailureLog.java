package dev.clearance.proxy.rbac;

import dev.clearance.proxy.rbac.RbacMetrics.Phase;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * How the reconciler's failures are reported. Each is counted by {@link Phase} and handed on as the status's last
 * error; it is logged at WARN the first time a kind of failure (exception class, or HTTP status) hits a subject
 * ({@code discovery}, {@code cluster}, {@code list}, {@code namespace <name>}), at DEBUG while it repeats, and the
 * subject's recovery at INFO. The subjects failing now are the health check's {@code failing}. Failures while the
 * reconciler stops are not reported. Used on the reconciler's thread only.
 */
final class FailureLog {

    /** The reconciler's category: one logger to raise for everything it does. */
    private static final Logger LOG = Logger.getLogger(RbacReconciler.class);

    private final RbacMetrics metrics;
    private final BooleanSupplier stopping;
    private final Consumer<String> lastError;
    private final Map<String, Set<String>> warnedKinds = new HashMap<>();

    FailureLog(RbacMetrics metrics, BooleanSupplier stopping, Consumer<String> lastError) {
        this.metrics = metrics;
        this.stopping = stopping;
        this.lastError = lastError;
    }

    /** Runs {@code work}: true when it succeeded, false when it threw (reported unless stopping). */
    boolean attempt(Phase phase, String subject, Runnable work) {
        try {
            work.run();
            succeeded(subject);
            return true;
        } catch (RuntimeException e) {
            if (!stopping.getAsBoolean()) {
                failed(phase, subject, "will retry", e);
            }
            return false;
        }
    }

    void succeeded(String subject) {
        if (warnedKinds.remove(subject) != null) {
            LOG.infof("%s: RBAC reconciliation works again", subject);
        }
    }

    /** @param consequence what happens now, for the log line ({@code will retry}) */
    void failed(Phase phase, String subject, String consequence, RuntimeException e) {
        metrics.failed(phase);
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
        lastError.accept(message);
    }

    /** How many subjects are failing now. */
    int failing() {
        return warnedKinds.size();
    }
}
