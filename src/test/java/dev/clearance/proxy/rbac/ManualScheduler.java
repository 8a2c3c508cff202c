package dev.clearance.proxy.rbac;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * A {@link Scheduler} and nanosecond clock that only move when the test says so: {@link #advanceTo} runs, on the
 * test's thread and in due order, every task due by then, with the clock at each task's due time while it runs.
 */
final class ManualScheduler implements Scheduler, LongSupplier {

    /** A task waiting for its time; {@code order} keeps tasks due at once in the order they were scheduled. */
    private record Task(long due, long order, Runnable work) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::due).thenComparingLong(Task::order));
    private long now;
    private long order;

    @Override
    public void schedule(Duration delay, Runnable task) {
        tasks.add(new Task(now + Math.max(delay.toNanos(), 0), order++, task));
    }

    @Override
    public long getAsLong() {
        return now;
    }

    /** The time since the start of the test. */
    Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** Runs what is due by {@code time} after the start, then stands at {@code time}. */
    void advanceTo(Duration time) {
        long until = time.toNanos();
        if (until < now) {
            throw new IllegalArgumentException("time only moves forward: " + time + " < " + elapsed());
        }
        while (!tasks.isEmpty() && tasks.peek().due() <= until) {
            Task task = tasks.poll();
            now = Math.max(now, task.due());
            task.work().run();
        }
        now = until;
    }
}
