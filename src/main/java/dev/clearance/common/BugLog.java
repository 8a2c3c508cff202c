package dev.clearance.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Logs a failure inside clearance that a client's request can trigger (a bug on the way to a decision): the line
 * names the exception and where it was thrown, and goes to WARN at most once a minute, so that it is seen without
 * letting anyone flood the log; the others, and every stack trace, go to DEBUG. Messages never carry request data
 * beyond what the caller passes (a fingerprint, a uid), so no token can reach the log through them.
 */
public final class BugLog {

    private static final long PERIOD_NANOS = Duration.ofMinutes(1).toNanos();

    private final Logger log;
    private final AtomicLong nextWarn = new AtomicLong(Long.MIN_VALUE);

    public BugLog(Class<?> owner) {
        this.log = Logger.getLogger(owner);
    }

    /** @param what what failed and for which request, e.g. {@code "webhook=authz: the policy failed"} */
    public void failed(String what, Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        log.logf(warnDue() ? Logger.Level.WARN : Logger.Level.DEBUG, "%s: %s at %s", what, failure.getClass().getName(),
                trace.length == 0 ? "?" : trace[0]);
        log.debug("the failure", failure);
    }

    /** Whether this call is the one let through at WARN in the current minute. */
    boolean warnDue() {
        long now = System.nanoTime();
        long due = nextWarn.get();
        return (due == Long.MIN_VALUE || now - due >= 0) && nextWarn.compareAndSet(due, now + PERIOD_NANOS);
    }
}
