package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.audit.AuditEvent;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.Review;
import dev.clearance.token.TokenFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The proxy's audit event: what each way a request can end says, and what it never says. */
class ExchangeRecorderTest {

    static final Identity ALICE = new Identity("oidc:user:alice", "u-1", List.of("oidc:team-a"), Map.of());
    static final TokenFacts FACTS = new TokenFacts("https://issuer.example", "user:alice", "j-1", Instant.parse("2026-12-02T10:00:00Z"));
    static final long START = 1_000_000_000L;

    static ExchangeRecorder recorder() {
        ExchangeRecorder recorder = new ExchangeRecorder(START, "GET", "/api/v1/namespaces/team-a/pods");
        recorder.info(KubeRequestInfo.parse("GET", "/api/v1/namespaces/team-a/pods", "true"));
        return recorder;
    }

    static AuditEvent end(Consumer<ExchangeRecorder> story) {
        ExchangeRecorder recorder = recorder();
        story.accept(recorder);
        return recorder.event(10, 20, false, "kubectl/v1.31", START + 9_000_000);
    }

    static Review authenticated() {
        return new Review(new AuthnDecision.Authenticated(ALICE.withDecisionId("d-1"), List.of(), FACTS), "f1", true, "d-7");
    }

    static Stream<Arguments> endings() {
        return Stream.of(
                Arguments.of("forwarded: allow with the API server's status", (Consumer<ExchangeRecorder>) r -> {
                    r.token("f1");
                    r.reviewed(authenticated());
                    r.forwarded(201, START + 2_000_000);
                }, "allow", "forwarded", "forwarded as oidc:user:alice; the API server answered 201", 201),
                Arguments.of("a refused token: deny with the authenticator's reason", (Consumer<ExchangeRecorder>) r -> {
                    r.token("f1");
                    r.reviewed(new Review(new AuthnDecision.Unauthenticated(AuthnReason.EXPIRED, "expired", FACTS), "f1", false, "d-8"));
                    r.refused(Refusal.tokenRefused(AuthnReason.EXPIRED, "expired"));
                }, "deny", "expired", "the token was refused: expired", 401),
                Arguments.of("overloaded: error", (Consumer<ExchangeRecorder>) r -> r.refused(Refusal.overloaded(3)), "error", "overloaded",
                        "the proxy has 3 requests in flight (clearance.proxy.max-concurrent-requests); retry", 429),
                Arguments.of("the client gone before any answer: error", (Consumer<ExchangeRecorder>) ExchangeRecorder::clientGone,
                        "error", "upstream_unavailable", "the client went away before the API server answered", 0),
                Arguments.of("the client gone after a refusal: the refusal stands", (Consumer<ExchangeRecorder>) r -> {
                    r.refused(Refusal.missingToken());
                    r.clientGone();
                }, "deny", "missing_token", Refusal.missingToken().message(), 401),
                Arguments.of("the API server broke off mid-response: still allowed, the break named", (Consumer<ExchangeRecorder>) r -> {
                    r.reviewed(authenticated());
                    r.forwarded(200, START + 1_000);
                    r.brokeMidResponse("Connection reset");
                }, "allow", "forwarded", "the API server connection broke mid-response: Connection reset", 200),
                Arguments.of("ended without any answer: an internal error", (Consumer<ExchangeRecorder>) r -> { }, "error",
                        "internal_error", null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    void eachEndingIsRecorded(String name, Consumer<ExchangeRecorder> story, String decision, String reason, String message,
            int status) {
        AuditEvent event = end(story);
        assertEquals(List.of(decision, reason, String.valueOf(message), status),
                List.of(event.decision().wire(), event.reason().code(), String.valueOf(event.message()), event.exchange().status()));
        assertEquals("proxy", event.kind().wire());
    }

    @Test
    void aForwardedRequestNamesItsTokenUserResourceAndTimes() {
        AuditEvent event = end(r -> {
            r.token("f1");
            r.reviewed(authenticated());
            r.forwarded(200, START + 2_000_000);
        });
        assertEquals(new AuditEvent.Token("f1", "j-1", "user:alice", FACTS.expiry()), event.token());
        assertEquals(new AuditEvent.User("oidc:user:alice", "u-1", List.of("oidc:team-a")), event.user());
        assertEquals(new AuditEvent.Resource("team-a", "watch", "", "pods", "", ""), event.resource());
        assertEquals("https://issuer.example", event.issuer());
        assertEquals("watch", event.verb());
        assertTrue(event.cached());
        assertEquals(2_000, event.latencyMicros(), "the latency runs to the API server's head");
        assertEquals(new AuditEvent.Exchange("GET", 200, 10, 20, false, 9_000, "kubectl/v1.31"), event.exchange());
    }

    @Test
    void theDecisionIdIsTheReviewsAndTheCachedIdentityNamesWhoAdmittedIt() {
        ExchangeRecorder recorder = recorder();
        recorder.token("f1");
        recorder.reviewed(authenticated());
        String sentUpstream = recorder.decisionId();
        recorder.forwarded(200, START + 1_000);

        AuditEvent event = recorder.event(0, 0, false, null, START + 2_000);

        assertEquals("d-7", sentUpstream);
        assertEquals("d-7", event.decisionId());
        assertEquals("d-1", event.admittedBy());
    }

    @Test
    void aRequestRefusedBeforeAnyReviewGetsOneNewIdForAuditIdAndEvent() {
        ExchangeRecorder recorder = recorder();
        String first = recorder.decisionId();
        recorder.refused(Refusal.missingToken());

        AuditEvent event = recorder.event(0, 0, false, null, START);

        assertEquals(7, java.util.UUID.fromString(first).version());
        assertEquals(first, recorder.decisionId());
        assertEquals(first, event.decisionId());
        assertNull(event.admittedBy());
    }

    @Test
    void withoutAHeadTheLatencyRunsToTheEnd() {
        assertEquals(9_000, end(r -> r.refused(Refusal.badPath())).latencyMicros());
    }

    @Test
    void withoutATokenThereIsNoTokenNorUser() {
        AuditEvent event = end(r -> r.refused(Refusal.missingToken()));
        assertNull(event.token());
        assertNull(event.user());
    }

    @Test
    void aLongUserAgentIsCut() {
        ExchangeRecorder recorder = recorder();
        String agent = "k".repeat(ExchangeRecorder.MAX_USER_AGENT + 50);
        assertEquals(ExchangeRecorder.MAX_USER_AGENT, recorder.event(0, 0, false, agent, START).exchange()
                .userAgent().length());
    }

    @Test
    void aNonResourcePathHasNoResource() {
        ExchangeRecorder recorder = new ExchangeRecorder(START, "GET", "/version");
        recorder.info(KubeRequestInfo.parse("GET", "/version", null));
        AuditEvent event = recorder.event(0, 0, false, null, START);
        assertNull(event.resource());
        assertEquals("get", event.verb());
        assertEquals("/version", event.path());
    }
}
