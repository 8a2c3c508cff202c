package dev.clearance.proxy.rbac;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The namespaces waiting to be reconciled, each queued at most once with the time it is due. An event makes a
 * namespace due at once; a failed attempt makes it due after {@link #backoff} (1 s, doubling, at most 1 min), unless
 * it is queued already. Due namespaces are handed to {@code work} one at a time on the {@link Scheduler}, earliest
 * first; {@code work} answers whether the namespace is done (its backoff starts over) or must be retried.
 *
 * <p>Time is {@code nanos} ({@code System::nanoTime} in production), so tests move it by hand. Thread-safe: events
 * come from informer threads, work runs on the scheduler's.
 */
final class RetryQueue {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final LongSupplier nanos;
    private final Scheduler scheduler;
    private final Predicate<String> work;

    // guarded by this
    private final Map<String, Long> dueAt = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean stopped;

    RetryQueue(LongSupplier nanos, Scheduler scheduler, Predicate<String> work) {
        this.nanos = nanos;
        this.scheduler = scheduler;
        this.work = work;
    }

    /** The wait after the {@code failures}-th failure in a row: 1 s, 2 s, 4 s ... and never more than a minute. */
    static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(Math.max(failures, 1) - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Something changed in {@code namespace}: due now, even if it was waiting out a backoff. */
    void enqueue(String namespace) {
        offer(namespace, 0, true);
    }

    /** An attempt at {@code namespace} failed: due after the backoff of its failures so far, unless queued already. */
    void retry(String namespace) {
        long delay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            delay = backoff(failures.merge(namespace, 1, Integer::sum)).toNanos();
        }
        offer(namespace, delay, false);
    }

    /** An attempt at {@code namespace} succeeded: its next failure waits the first backoff again. */
    synchronized void succeeded(String namespace) {
        failures.remove(namespace);
    }

    /** Forgets what is queued (a full resync is about to reconcile every namespace); backoffs are kept. */
    synchronized void clear() {
        dueAt.clear();
    }

    /** Nothing more is queued or worked. */
    synchronized void stop() {
        stopped = true;
        dueAt.clear();
    }

    /**
     * Every entry put in {@link #dueAt} schedules a drain at its due time, so one is always coming for each; drains
     * that find nothing due (the entry went earlier, or was cleared) do nothing.
     */
    private void offer(String namespace, long delayNanos, boolean sooner) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            long due = nanos.getAsLong() + delayNanos;
            Long queued = dueAt.get(namespace);
            if (queued != null && (!sooner || queued - due <= 0)) {
                return;
            }
            dueAt.put(namespace, due);
        }
        scheduler.schedule(Duration.ofNanos(delayNanos), this::drain);
    }

    private void drain() {
        for (String namespace = pollDue(); namespace != null; namespace = pollDue()) {
            if (work.test(namespace)) {
                succeeded(namespace);
            } else {
                retry(namespace);
            }
        }
    }

    /** Removes and returns the namespace due longest ago, or null when none is due. */
    private synchronized String pollDue() {
        if (stopped) {
            return null;
        }
        long now = nanos.getAsLong();
        String first = null;
        long firstDue = 0;
        for (Map.Entry<String, Long> entry : dueAt.entrySet()) {
            long due = entry.getValue();
            if (now - due >= 0 && (first == null || due - firstDue < 0)) {
                first = entry.getKey();
                firstDue = due;
            }
        }
        if (first != null) {
            dueAt.remove(first);
        }
        return first;
    }
}
