package dev.clearance.proxy.rbac;

import java.time.Duration;

/**
 * Runs tasks after a delay, one at a time: the reconciler's own thread ({@link ReconcilerThread}) in production, a
 * clock the test moves by hand in tests. Everything the reconciler does to the cluster runs as such a task, so no two
 * reconciliation steps ever overlap.
 */
interface Scheduler {

    /** Runs {@code task} once {@code delay} has passed (at once for zero or less), never alongside another task. */
    void schedule(Duration delay, Runnable task);
}
