package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.Outcome;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import dev.clearance.policy.AuthzReason;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every AuthzDecision variant's outcome, and what the event says of the request; the table names every variant. */
class AuthzAuditTest {

    record Case(String name, AuthzDecision decision, Outcome outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("a grant is allow", new AuthzDecision.Allow(AuthzReason.NAMESPACE_GRANT, "granted"), Outcome.ALLOW),
            new Case("a denial is deny", new AuthzDecision.Deny(AuthzReason.NO_GRANT, "denied"), Outcome.DENY),
            new Case("no opinion is no-opinion, and RBAC decides", new AuthzDecision.NoOpinion(AuthzReason.NOT_SYNCED, "not synced"),
                    Outcome.NO_OPINION));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsEachDecisionToItsOutcome(Case c) {
        AuditEvent event = AuthzAudit.of("d-1", null, c.decision(), 1);

        assertEquals(c.outcome(), AuthzAudit.outcome(c.decision()));
        assertEquals(c.outcome(), event.decision());
        assertEquals(c.decision().reason(), event.reason());
        assertEquals(c.decision().message(), event.message());
        assertEquals("d-1", event.decisionId());
    }

    @Test
    void theTableNamesEveryVariant() {
        Set<Class<?>> variants = Arrays.stream(AuthzDecision.class.getPermittedSubclasses()).collect(Collectors.toSet());

        assertEquals(variants, CASES.stream().map(c -> c.decision().getClass()).collect(Collectors.toSet()));
    }

    @Test
    void aResourceRequestNamesThePluralResourceAndLeavesOutAbsentAttributes() {
        AccessRequest request = new AccessRequest("oidc:user:alice", List.of("oidc:team-a"),
                new AccessRequest.Resource("team-a", "list", "apps", "v1", "deployments", "", ""), null);

        AuditEvent event = AuthzAudit.of("d-1", request, new AuthzDecision.Allow(AuthzReason.NAMESPACE_GRANT, "granted"), 3);

        assertEquals(AuditKind.AUTHZ, event.kind());
        assertEquals(new AuditEvent.User("oidc:user:alice", null, List.of("oidc:team-a")), event.user());
        assertEquals(new AuditEvent.Resource("team-a", "list", "apps", "deployments", null, null), event.resource());
        assertNull(event.path());
        assertNull(event.verb());
    }

    @Test
    void aNonResourceRequestNamesPathAndVerb() {
        AccessRequest request = new AccessRequest("oidc:user:alice", List.of(), null, new AccessRequest.NonResource("/healthz", "get"));

        AuditEvent event = AuthzAudit.of("d-1", request, new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "RBAC decides"), 3);

        assertNull(event.resource());
        assertEquals("/healthz", event.path());
        assertEquals("get", event.verb());
    }

    @Test
    void aReviewWithoutAttributesNamesNoUser() {
        AuditEvent event = AuthzAudit.of("d-1", null, new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "no attributes"), 3);

        assertNull(event.user());
        assertNull(event.resource());
        assertNull(event.path());
    }
}
