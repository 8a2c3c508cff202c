package dev.clearance.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The most recent events in memory, for {@code GET /audit/events}: a fixed-size ring, newest first on read. */
final class AuditWindow {

    /** How the API server's credential-id extra spells a token's {@code jti}. */
    private static final String JTI = "JTI=";

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
     * match everything, an unknown kind or decision matches nothing (an empty answer, not an error). {@code decisionId}
     * matches the event of that decision and the cache hits that repeat it ({@code admittedBy}); {@code credentialId}
     * is the API server's {@code authentication.kubernetes.io/credential-id} value, {@code JTI=<jti>}, matched against
     * the event's {@code token.jti}.
     */
    static Predicate<AuditEvent> filter(String kind, String decision, String user, String reason, String fingerprint,
            String decisionId, String credentialId, Instant since) {
        String jti = empty(credentialId) ? null : credentialId.startsWith(JTI) ? credentialId.substring(JTI.length()) : "";
        return e -> (empty(kind) || kind.equals(e.kind().wire()))
                && (empty(decision) || decision.equals(e.decision().wire()))
                && (empty(user) || (e.user() != null && user.equals(e.user().username())))
                && (empty(reason) || reason.equals(e.reason().code()))
                && (empty(fingerprint) || (e.token() != null && fingerprint.equals(e.token().fingerprint())))
                && (empty(decisionId) || decisionId.equals(e.decisionId()) || decisionId.equals(e.admittedBy()))
                && (jti == null || (!jti.isEmpty() && e.token() != null && jti.equals(e.token().jti())))
                && (since == null || !e.time().isBefore(since));
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
