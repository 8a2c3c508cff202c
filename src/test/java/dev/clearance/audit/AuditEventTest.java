package dev.clearance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clearance.admission.AdmissionReason;
import dev.clearance.policy.AuthzReason;
import dev.clearance.proxy.ProxyReason;
import dev.clearance.token.AuthnReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON of each kind's event, byte for byte: field names and order as DESIGN.md and the README show them,
 * kind, decision and reason as their wire strings, and nothing a kind does not carry (never a {@code null}).
 */
class AuditEventTest {

    /** As Quarkus configures its mapper: ISO-8601 instants. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static final Instant EXP = Instant.parse("2026-11-23T12:00:00Z");
    static final AuditEvent.Token TOKEN = new AuditEvent.Token("3f2a", "jti-1", "user:alice", EXP);
    static final AuditEvent.User ALICE = new AuditEvent.User("oidc:user:alice", "u-1", List.of("oidc:team-a"));
    static final AuditEvent.Resource PODS = new AuditEvent.Resource("team-a", "get", null, "pods", null, "web");
    static final AuditEvent.Exchange GET = new AuditEvent.Exchange("GET", 200, 0, 512, false, 900, "kubectl/v1.31");

    static final String D1 = "019ad6a2-1f00-7000-8000-000000000001";
    static final String D0 = "019ad6a2-1e00-7000-8000-000000000000";

    static final String TOKEN_JSON = "\"token\":{\"fingerprint\":\"3f2a\",\"jti\":\"jti-1\",\"sub\":\"user:alice\","
            + "\"exp\":\"2026-11-23T12:00:00Z\"}";
    static final String ALICE_JSON = "\"user\":{\"username\":\"oidc:user:alice\",\"uid\":\"u-1\",\"groups\":[\"oidc:team-a\"]}";
    static final String PODS_JSON = "\"resource\":{\"namespace\":\"team-a\",\"verb\":\"get\",\"resource\":\"pods\",\"name\":\"web\"}";

    record Case(String name, AuditEvent event, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> events() {
        return Stream.of(
                new Case("an authenticated token names its issuer, token facts and user",
                        AuditEvent.authn(D1, Outcome.ALLOW, AuthnReason.AUTHENTICATED, "authenticated as oidc:user:alice",
                                "https://idp", TOKEN, ALICE, true, D0, 12),
                        "{TIME,ID,\"kind\":\"authn\",\"decision\":\"allow\",\"reason\":\"authenticated\","
                                + "\"message\":\"authenticated as oidc:user:alice\",\"issuer\":\"https://idp\"," + TOKEN_JSON + ","
                                + ALICE_JSON + ",\"cached\":true,\"admittedBy\":\"" + D0 + "\",\"latencyMicros\":12,REPLICA}"),
                new Case("a refused token names no user, and unknown token facts are left out",
                        AuditEvent.authn(D1, Outcome.DENY, AuthnReason.MALFORMED_TOKEN, "not a JWS", null,
                                new AuditEvent.Token("3f2a", null, null, null), null, false, null, 3),
                        "{TIME,ID,\"kind\":\"authn\",\"decision\":\"deny\",\"reason\":\"malformed_token\",\"message\":\"not a JWS\","
                                + "\"token\":{\"fingerprint\":\"3f2a\"},\"cached\":false,\"latencyMicros\":3,REPLICA}"),
                new Case("an authz resource request carries the resource and no path",
                        AuditEvent.authz(D1, Outcome.ALLOW, AuthzReason.NAMESPACE_GRANT, "granted", ALICE, PODS, null, null, 4),
                        "{TIME,ID,\"kind\":\"authz\",\"decision\":\"allow\",\"reason\":\"namespace_grant\",\"message\":\"granted\","
                                + ALICE_JSON + "," + PODS_JSON + ",\"cached\":false,\"latencyMicros\":4,REPLICA}"),
                new Case("an authz non-resource request carries path and verb",
                        AuditEvent.authz(D1, Outcome.NO_OPINION, AuthzReason.NO_GRANT, "RBAC decides", ALICE, null, "/healthz", "get", 2),
                        "{TIME,ID,\"kind\":\"authz\",\"decision\":\"no-opinion\",\"reason\":\"no_grant\",\"message\":\"RBAC decides\","
                                + ALICE_JSON + ",\"path\":\"/healthz\",\"verb\":\"get\",\"cached\":false,\"latencyMicros\":2,REPLICA}"),
                new Case("an authz review without attributes names neither user nor resource",
                        AuditEvent.authz(D1, Outcome.NO_OPINION, AuthzReason.NO_GRANT, "no attributes", null, null, null, null, 1),
                        "{TIME,ID,\"kind\":\"authz\",\"decision\":\"no-opinion\",\"reason\":\"no_grant\",\"message\":\"no attributes\","
                                + "\"cached\":false,\"latencyMicros\":1,REPLICA}"),
                new Case("an admission decision carries the review's uid, user and plural resource",
                        AuditEvent.admission(Outcome.DENY, AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP, "outsider", "uid-9",
                                new AuditEvent.User("oidc:user:bob", null, List.of()),
                                new AuditEvent.Resource("team-a", "create", "rbac.authorization.k8s.io", "rolebindings", null, "rb"), 7),
                        "{TIME,ID,\"kind\":\"admission\",\"decision\":\"deny\",\"reason\":\"binding_subject_outside_group\","
                                + "\"message\":\"outsider\",\"requestUid\":\"uid-9\",\"user\":{\"username\":\"oidc:user:bob\",\"groups\":[]},"
                                + "\"resource\":{\"namespace\":\"team-a\",\"verb\":\"create\",\"group\":\"rbac.authorization.k8s.io\","
                                + "\"resource\":\"rolebindings\",\"name\":\"rb\"},\"cached\":false,\"latencyMicros\":7,REPLICA}"),
                new Case("a proxied request carries token, user, resource, path, verb and its exchange",
                        AuditEvent.proxy(D1, Outcome.ALLOW, ProxyReason.FORWARDED, "forwarded", "https://idp", TOKEN, ALICE, PODS,
                                "/api/v1/namespaces/team-a/pods/web", "get", true, D0, 800, GET),
                        "{TIME,ID,\"kind\":\"proxy\",\"decision\":\"allow\",\"reason\":\"forwarded\",\"message\":\"forwarded\","
                                + "\"issuer\":\"https://idp\"," + TOKEN_JSON + "," + ALICE_JSON + "," + PODS_JSON
                                + ",\"path\":\"/api/v1/namespaces/team-a/pods/web\",\"verb\":\"get\",\"cached\":true,\"admittedBy\":\"" + D0
                                + "\",\"latencyMicros\":800,"
                                + "REPLICA,\"exchange\":{\"method\":\"GET\",\"status\":200,\"requestBytes\":0,\"responseBytes\":512,"
                                + "\"upgraded\":false,\"durationMicros\":900,\"userAgent\":\"kubectl/v1.31\"}}"),
                new Case("a proxied request without a token carries only what is known, and an authn reason when a token is refused",
                        AuditEvent.proxy(D1, Outcome.DENY, AuthnReason.EXPIRED, "token expired", null, null, null, null, "/version",
                                "get", false, null, 5, new AuditEvent.Exchange("GET", 401, 0, 120, false, 6, null)),
                        "{TIME,ID,\"kind\":\"proxy\",\"decision\":\"deny\",\"reason\":\"expired\",\"message\":\"token expired\","
                                + "\"path\":\"/version\",\"verb\":\"get\",\"cached\":false,\"latencyMicros\":5,REPLICA,"
                                + "\"exchange\":{\"method\":\"GET\",\"status\":401,\"requestBytes\":0,\"responseBytes\":120,"
                                + "\"upgraded\":false,\"durationMicros\":6}}"),
                new Case("an unreadable review is an error with reason request_invalid and nothing else known",
                        AuditEvent.requestInvalid(AuditKind.ADMISSION, "request.uid is missing", 9),
                        "{TIME,ID,\"kind\":\"admission\",\"decision\":\"error\",\"reason\":\"request_invalid\","
                                + "\"message\":\"request.uid is missing\",\"cached\":false,\"latencyMicros\":9,REPLICA}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void writesExactlyTheFieldsOfItsKind(Case c) throws Exception {
        String json = MAPPER.writeValueAsString(c.event());

        assertEquals(c.json(), placeholders(c.event(), json));
        assertFalse(json.contains("null"), json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void fillsInTheTimeAndThisReplica(Case c) {
        assertTrue(Duration.between(c.event().time(), Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, c.event().time()::toString);
        assertEquals(Replica.NAME, c.event().replica());
    }

    static Stream<Arguments> invalidKinds() {
        return Stream.of(AuditKind.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("invalidKinds")
    void anUnreadableReviewOfEveryKindIsAnError(AuditKind kind) {
        AuditEvent event = AuditEvent.requestInvalid(kind, "bad", 1);

        assertEquals(kind, event.kind());
        assertEquals(Outcome.ERROR, event.decision());
        assertEquals("request_invalid", event.reason().code());
    }

    @Test
    void aProxyEventAlwaysDescribesItsExchange() {
        assertThrows(NullPointerException.class, () -> AuditEvent.proxy(D1, Outcome.ERROR, ProxyReason.INTERNAL_ERROR, "m", null,
                null, null, null, "/", "get", false, null, 1, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void carriesTheGivenDecisionIdOrANewUuidV7(Case c) {
        String id = c.event().decisionId();
        boolean madeByTheFactory = c.event().kind() == AuditKind.ADMISSION || c.event().reason() == AuditReason.REQUEST_INVALID;
        if (!madeByTheFactory) {
            assertEquals(D1, id);
        } else {
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertEquals(7, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
        }
    }

    @Test
    void generatedIdsAreNewForEveryEvent() {
        assertFalse(AuditEvent.requestInvalid(AuditKind.AUTHZ, "bad", 1).decisionId()
                .equals(AuditEvent.requestInvalid(AuditKind.AUTHZ, "bad", 1).decisionId()));
    }

    /**
     * The time, replica and (for kinds that make their own) decision id vary by run and host: the expectation names
     * them TIME, REPLICA and ID, the id right after the time.
     */
    private static String placeholders(AuditEvent event, String json) throws Exception {
        String id = "\"decisionId\":\"" + event.decisionId() + "\"";
        assertTrue(json.contains("," + id + ",\"kind\""), json);
        json = json.replace(id, "ID");
        String time = "\"time\":" + MAPPER.writeValueAsString(event.time());
        String replica = "\"replica\":" + MAPPER.writeValueAsString(event.replica());
        assertTrue(json.startsWith("{" + time + ","), json);
        assertTrue(json.contains("," + replica), json);
        return json.replace(time, "TIME").replace(replica, "REPLICA");
    }
}
