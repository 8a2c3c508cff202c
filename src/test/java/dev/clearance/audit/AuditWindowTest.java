package dev.clearance.audit;

import dev.clearance.common.ReasonCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The query window: newest first, bounded, and each filter of {@code GET /audit/events}. */
class AuditWindowTest {

    record Reason(String code) implements ReasonCode {}

    static AuditEvent event(int i, AuditKind kind, Outcome decision, String user) {
        return new AuditEvent(Instant.EPOCH.plusSeconds(i), "id-" + i, kind, decision, new Reason("r" + (i % 2)), "m", null, null,
                new AuditEvent.Token("fp" + i, "jti-" + i, null, null), new AuditEvent.User(user, null, List.of()), null, null, null,
                false, i > 0 ? "id-0" : null, 1, "test", null);
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

        assertEquals(10, window.query(AuditWindow.filter("authz", null, null, null, null, null, null, null), 100).size());
        assertEquals(7, window.query(AuditWindow.filter(null, "deny", null, null, null, null, null, null), 100).size());
        assertEquals(5, window.query(AuditWindow.filter(null, null, "u1", null, null, null, null, null), 100).size());
        assertEquals(10, window.query(AuditWindow.filter(null, null, null, "r1", null, null, null, null), 100).size());
        assertEquals(List.of("fp7"), window.query(AuditWindow.filter(null, null, null, null, "fp7", null, null, null), 100).stream()
                .map(e -> e.token().fingerprint()).toList());
        assertEquals(5, window.query(AuditWindow.filter(null, null, null, null, null, null, null, Instant.EPOCH.plusSeconds(15)), 100).size());
        assertEquals(3, window.query(e -> true, 3).size());
    }

    @Test
    void filtersByTheWireSpellingAndAnUnknownOneMatchesNothing() {
        AuditWindow window = new AuditWindow(10);
        window.add(event(0, AuditKind.AUTHZ, Outcome.NO_OPINION, "u"));
        window.add(event(1, AuditKind.ADMISSION, Outcome.DENY, "u"));

        assertEquals(1, window.query(AuditWindow.filter(null, "no-opinion", null, null, null, null, null, null), 10).size());
        assertEquals(1, window.query(AuditWindow.filter("admission", null, null, null, null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter("ADMISSION", null, null, null, null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter(null, "NO_OPINION", null, null, null, null, null, null), 10).size());
        assertEquals(0, window.query(AuditWindow.filter("webhook", "maybe", null, null, null, null, null, null), 10).size());
    }

    record IdFilter(String name, String decisionId, String credentialId, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<IdFilter> idFilters() {
        return Stream.of(
                new IdFilter("a decision id finds its event", "id-2", null, List.of("id-2")),
                new IdFilter("the first decision's id also finds the cache hits that repeat it", "id-0", null,
                        List.of("id-3", "id-2", "id-1", "id-0")),
                new IdFilter("an unknown decision id finds nothing", "id-9", null, List.of()),
                new IdFilter("a credential id JTI=<jti> finds the events of that token", null, "JTI=jti-1", List.of("id-1")),
                new IdFilter("a bare jti is not a credential id", null, "jti-1", List.of()),
                new IdFilter("the JTI= prefix is matched exactly", null, "jti=jti-1", List.of()),
                new IdFilter("JTI= alone matches no event, not every event", null, "JTI=", List.of()),
                new IdFilter("both filters together must both match", "id-0", "JTI=jti-2", List.of("id-2")),
                new IdFilter("empty filters match everything", "", "", List.of("id-3", "id-2", "id-1", "id-0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idFilters")
    void filtersByDecisionAndCredentialId(IdFilter c) {
        AuditWindow window = new AuditWindow(10);
        for (int i = 0; i < 4; i++) {
            window.add(event(i, AuditKind.AUTHN, Outcome.ALLOW, "u")); // id-i, jti-i; 1..3 admittedBy id-0
        }

        List<String> found = window.query(AuditWindow.filter(null, null, null, null, null, c.decisionId(), c.credentialId(), null), 10)
                .stream().map(AuditEvent::decisionId).toList();

        assertEquals(c.expected(), found);
    }
}
