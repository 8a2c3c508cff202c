package dev.clearance.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The most recent events in memory, for {@code GET /audit/events}: a fixed-size ring, newest first on read. */
final class AuditWindow {

    private final AuditEvent[] ring;
    private long next;

    AuditWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        ring = new AuditEvent[capacity];
    }

    synchronized void add(AuditEvent event) {
        ring[(int) (next++ % ring.length)] = event;
    }

    /** Up to {@code limit} events matching {@code filter}, newest first. */
    List<AuditEvent> query(Predicate<AuditEvent> filter, int limit) {
        AuditEvent[] copy;
        long end;
        synchronized (this) {
            copy = ring.clone();
            end = next;
        }
        List<AuditEvent> out = new ArrayList<>(Math.min(limit, copy.length));
        for (long i = end - 1; i >= Math.max(0, end - copy.length) && out.size() < limit; i--) {
            AuditEvent e = copy[(int) (i % copy.length)];
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A filter from the query parameters, each compared with the event's wire spelling; null or empty parameters
     * match everything, an unknown kind or decision matches nothing (an empty answer, not an error).
     */
    static Predicate<AuditEvent> filter(String kind, String decision, String user, String reason, String fingerprint,
            Instant since) {
        return e -> (empty(kind) || kind.equals(e.kind().wire()))
                && (empty(decision) || decision.equals(e.decision().wire()))
                && (empty(user) || (e.user() != null && user.equals(e.user().username())))
                && (empty(reason) || reason.equals(e.reason().code()))
                && (empty(fingerprint) || (e.token() != null && fingerprint.equals(e.token().fingerprint())))
                && (since == null || !e.time().isBefore(since));
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
