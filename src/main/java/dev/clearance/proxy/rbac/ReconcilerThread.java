package dev.clearance.proxy.rbac;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The reconciler's one thread, as a {@link Scheduler}. A task that throws is a bug: {@code crashed} hears of it and
 * the thread stops taking work, so the reconciler stops visibly (readiness goes down) rather than half-running.
 */
final class ReconcilerThread implements Scheduler {

    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> crashed;

    ReconcilerThread(String name, Consumer<Throwable> crashed) {
        this.crashed = crashed;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            executor.schedule(() -> run(task), Math.max(delay.toNanos(), 0), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopping or crashed: nothing more is run
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            executor.shutdownNow();
            crashed.accept(e);
            throw e;
        }
    }

    /** Drops the waiting tasks, interrupts the running one and waits for it at most {@code grace}. */
    void stop(Duration grace) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
