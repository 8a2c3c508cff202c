package dev.clearance.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.Outcome;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.Review;
import dev.clearance.token.TokenFacts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every AuthnDecision variant's outcome and event; the table must name every variant of the sealed type. */
class AuthnAuditTest {

    static final TokenFacts FACTS = new TokenFacts("https://idp", "user:alice", "jti-1", Instant.parse("2026-11-23T12:00:00Z"));

    record Case(String name, AuthnDecision decision, Outcome outcome, String reason, String message, String username) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("an authenticated token is allowed and names its user",
                    new AuthnDecision.Authenticated(new Identity("oidc:user:alice", "u-1", List.of("oidc:team-a"), Map.of()).withDecisionId("d-0"),
                            List.of(),
                            FACTS),
                    Outcome.ALLOW, "authenticated", "authenticated as oidc:user:alice", "oidc:user:alice"),
            new Case("a refused token is denied with the refusal's reason and sentence",
                    new AuthnDecision.Unauthenticated(AuthnReason.EXPIRED, "token expired", FACTS),
                    Outcome.DENY, "expired", "token expired", null),
            new Case("a token clearance cannot decide yet is an error",
                    new AuthnDecision.Undecided("no keys yet for https://idp", FACTS),
                    Outcome.ERROR, "jwks_unavailable", "no keys yet for https://idp", null));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsEachDecisionToItsOutcome(Case c) {
        assertEquals(c.outcome(), AuthnAudit.outcome(c.decision()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheDecisionsEvent(Case c) {
        AuditEvent event = AuthnAudit.of(new Review(c.decision(), "3f2a", true, "d-1"), 42);

        assertEquals(AuditKind.AUTHN, event.kind());
        assertEquals(c.outcome(), event.decision());
        assertEquals(c.reason(), event.reason().code());
        assertEquals(c.message(), event.message());
        assertEquals(c.username(), event.user() == null ? null : event.user().username());
        assertEquals(new AuditEvent.Token("3f2a", "jti-1", "user:alice", FACTS.expiry()), event.token());
        assertEquals("https://idp", event.issuer());
        assertEquals(true, event.cached());
        assertEquals("d-1", event.decisionId());
        assertEquals(c.outcome() == Outcome.ALLOW ? "d-0" : null, event.admittedBy());
        assertEquals(42, event.latencyMicros());
        assertNull(event.resource());
    }

    @Test
    void aDecisionWithoutFactsStillNamesTheFingerprint() {
        AuditEvent event = AuthnAudit.of(new Review(new AuthnDecision.Unauthenticated(AuthnReason.MALFORMED_TOKEN, "not a JWS", null),
                "3f2a", false, "d-1"), 1);

        assertEquals(new AuditEvent.Token("3f2a", null, null, null), event.token());
        assertNull(event.issuer());
    }

    @Test
    void aFreshAuthenticationIsItsOwnDecisionAndNamesNoEarlierOne() {
        AuthnDecision ok = new AuthnDecision.Authenticated(new Identity("oidc:user:alice", null, List.of(), Map.of())
                .withDecisionId("d-1"), List.of(), FACTS);

        AuditEvent event = AuthnAudit.of(new Review(ok, "3f2a", false, "d-1"), 1);

        assertEquals("d-1", event.decisionId());
        assertNull(event.admittedBy());
    }

    @Test
    void theTableNamesEveryVariant() {
        Set<Class<?>> variants = Arrays.stream(AuthnDecision.class.getPermittedSubclasses()).collect(Collectors.toSet());

        assertEquals(variants, CASES.stream().map(c -> c.decision().getClass()).collect(Collectors.toSet()));
    }
}
