package dev.clearance.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one event through per period and the rest not: for log lines a client can cause at will (a bug hit by a
 * crafted request), so that they reach the WARN log without letting anyone flood it. The others go to DEBUG.
 */
public final class Throttle {

    private final long periodNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

    public Throttle(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** Whether this event is the one let through in the current period. */
    public boolean allow() {
        long now = System.nanoTime();
        long due = next.get();
        return (due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + periodNanos);
    }
}
