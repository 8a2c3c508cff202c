package dev.clearance.audit;

import dev.clearance.common.ReasonCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditWindowTest {

    record Reason(String code) implements ReasonCode {}

    static AuditEvent event(int i, AuditKind kind, Outcome decision, String user) {
        return new AuditEvent(Instant.EPOCH.plusSeconds(i), kind, decision, new Reason("r" + (i % 2)), "m", null, null,
                new AuditEvent.Token("fp" + i, null, null, null), new AuditEvent.User(user, null, List.of()), null, null, null, false, 1,
                "test", null);
    }

    @Test
    void keepsTheNewestEventsNewestFirst() {
        AuditWindow window = new AuditWindow(3);
        for (int i = 0; i < 5; i++) {
            window.add(event(i, AuditKind.AUTHN, Outcome.ALLOW, "u"));
        }

        List<AuditEvent> all = window.query(e -> true, 10);

        assertEquals(List.of(4L, 3L, 2L), all.stream().map(e -> e.time().getEpochSecond()).toList());
    }

    @Test
    void filtersByEveryParameterAndLimits() {
        AuditWindow window = new AuditWindow(100);
        for (int i = 0; i < 20; i++) {
            window.add(event(i, i % 2 == 0 ? AuditKind.AUTHN : AuditKind.AUTHZ, i % 3 == 0 ? Outcome.DENY : Outcome.ALLOW, "u" + (i % 4)));
        }

        assertEquals(10, window.query(AuditWindow.filter("authz", null, null, null, null, null), 100).size());
        assertEquals(7, window.query(AuditWindow.filter(null, "deny", null, null, null, null), 100).size());
        assertEquals(5, window.query(AuditWindow.filter(null, null, "u1", null, null, null), 100).size());
        assertEquals(10, window.query(AuditWindow.filter(null, null, null, "r1", null, null), 100).size());
        assertEquals(List.of("fp7"), window.query(AuditWindow.filter(null, null, null, null, "fp7", null), 100).stream()
                .map(e -> e.token().fingerprint()).toList());
        assertEquals(5, window.query(AuditWindow.filter(null, null, null, null, null, Instant.EPOCH.plusSeconds(15)), 100).size());
        assertEquals(3, window.query(e -> true, 3).size());
    }

    @Test
    void filtersByTheWireSpellingAndAnUnknownOneMatchesNothing() {
        AuditWindow window = new AuditWindow(10);
        window.add(event(0, AuditKind.AUTHZ, Outcome.NO_OPINION, "u"));
        window.add(event(1, AuditKind.ADMISSION, Outcome.DENY, "u"));

        assertEquals(1, window.query(AuditWindow.filter(null, "no-opinion", null, null, null, null), 10).size());
        assertEquals(1, window.query(AuditWindow.filter("admission", null, null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter("ADMISSION", null, null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter(null, "NO_OPINION", null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter("webhook", "maybe", null, null, null, null), 10).size());
    }
}
