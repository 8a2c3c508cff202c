package dev.clearance.proxy.rbac;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The reconciler's two counters, {@code clearance.proxy.rbac.changes{action}} and
 * {@code clearance.proxy.rbac.failures{phase}}, every label registered at start so that dashboards see zeros rather
 * than nothing. Labels come from the enums, so a misspelt one cannot compile.
 */
final class RbacMetrics {

    /** What a change did to an object; a replace (delete and create again) counts as an update. */
    enum Action {
        CREATE("create"), UPDATE("update"), DELETE("delete");

        /** The {@code action} label, as README and dashboards spell it. */
        final String label;

        Action(String label) {
            this.label = label;
        }
    }

    /** Where a reconciliation step failed. */
    enum Phase {
        /** Reading {@code /api/v1} and {@code /apis}. */
        DISCOVERY("discovery"),
        /** The ClusterRoles and ClusterRoleBindings. */
        CLUSTER("cluster"),
        /** Listing clearance's RoleBindings in every namespace. */
        LIST("list"),
        /** One namespace's RoleBindings. */
        NAMESPACE("namespace");

        /** The {@code phase} label, as README and dashboards spell it. */
        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    static final String CHANGES = "clearance.proxy.rbac.changes";
    static final String FAILURES = "clearance.proxy.rbac.failures";

    private final Map<Action, Counter> changes = new EnumMap<>(Action.class);
    private final Map<Phase, Counter> failures = new EnumMap<>(Phase.class);

    RbacMetrics(MeterRegistry registry) {
        for (Action action : Action.values()) {
            changes.put(action, Counter.builder(CHANGES).tag("action", action.label)
                    .description("RBAC objects clearance created, updated or deleted").register(registry));
        }
        for (Phase phase : Phase.values()) {
            failures.put(phase, Counter.builder(FAILURES).tag("phase", phase.label)
                    .description("failed RBAC reconciliation steps (retried with backoff)").register(registry));
        }
    }

    void changed(Action action) {
        changes.get(action).increment();
    }

    void failed(Phase phase) {
        failures.get(phase).increment();
    }
}
