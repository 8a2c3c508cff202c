package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.clearance.token.AuthnDecision;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer the proxy gives of its own, with the status, Kubernetes reason, reason code, wording and hints
 * (Retry-After, Connection: close) clients and the proxy's end-to-end tests rely on; and the order the checks run in.
 */
class ProxyAdmissionTest {

    static final ProxyLoad.Door OPEN = ProxyLoad.Door.OPEN;
    static final Identity ALICE = new Identity("oidc:user:alice", "u-1", List.of("oidc:team-a"), Map.of());

    /** What the refusal must be: status, Kubernetes reason, reason code, message, Retry-After seconds, Connection: close. */
    record Expected(int status, String kubernetesReason, String reasonCode, String message, int retryAfter, boolean close) {
        Expected(int status, String kubernetesReason, String reasonCode, String message) {
            this(status, kubernetesReason, reasonCode, message, 0, false);
        }

        void check(Object actual) {
            Refusal refusal = assertInstanceOf(Refusal.class, actual);
            assertEquals(this, new Expected(refusal.status(), refusal.kubernetesReason(), refusal.reasonCode(), refusal.message(),
                    refusal.retryAfterSeconds(), refusal.closeConnection()));
        }
    }

    static Stream<Arguments> refusalsBeforeTheToken() {
        String badPath = "the request path must be absolute and free of . and .. segments";
        return Stream.of(
                Arguments.of("draining: 503 and the connection closed", ProxyLoad.Door.DRAINING, "/api/v1/pods", "/api/v1/pods", false,
                        "Bearer t", new Expected(503, "ServiceUnavailable", "draining", "clearance is shutting down; retry", 1, true)),
                Arguments.of("draining comes before any other check", ProxyLoad.Door.DRAINING, "/a/../b", "/a/../b", true, null,
                        new Expected(503, "ServiceUnavailable", "draining", "clearance is shutting down; retry", 1, true)),
                Arguments.of("overloaded: 429 naming the limit", ProxyLoad.Door.FULL, "/api/v1/pods", "/api/v1/pods", false, "Bearer t",
                        new Expected(429, "TooManyRequests", "overloaded", "the proxy has 2048 requests in flight "
                                + "(clearance.proxy.max-concurrent-requests); retry", 1, false)),
                Arguments.of("a dot segment", OPEN, "/api/v1/namespaces/a/../b", "/api/v1/namespaces/a/../b", false, "Bearer t",
                        new Expected(400, "BadRequest", "request_invalid", badPath)),
                Arguments.of("an encoded dot segment", OPEN, "/api/%2E%2e/v1", "/api/%2E%2e/v1", false, "Bearer t",
                        new Expected(400, "BadRequest", "request_invalid", badPath)),
                Arguments.of("an absolute-form target", OPEN, "/api/v1/pods", "http://evil.example/api/v1/pods", false, "Bearer t",
                        new Expected(400, "BadRequest", "request_invalid", badPath)),
                Arguments.of("no path", OPEN, null, "*", false, "Bearer t", new Expected(400, "BadRequest", "request_invalid", badPath)),
                Arguments.of("a path problem comes before a query problem", OPEN, "/a/./b", "/a/./b?watch=%zz", true, "Bearer t",
                        new Expected(400, "BadRequest", "request_invalid", badPath)),
                Arguments.of("a query that does not decode", OPEN, "/api/v1/pods", "/api/v1/pods?watch=%zz", true, "Bearer t",
                        new Expected(400, "BadRequest", "request_invalid", "the query string is not valid percent-encoding")),
                Arguments.of("a query problem comes before a missing token", OPEN, "/api/v1/pods", "/api/v1/pods?x=%", true, null,
                        new Expected(400, "BadRequest", "request_invalid", "the query string is not valid percent-encoding")),
                Arguments.of("no Authorization header", OPEN, "/api/v1/pods", "/api/v1/pods", false, null, missingToken()),
                Arguments.of("basic credentials", OPEN, "/api/v1/pods", "/api/v1/pods", false, "Basic YWxpY2U6c2VjcmV0", missingToken()),
                Arguments.of("a malformed bearer header", OPEN, "/api/v1/pods", "/api/v1/pods", false, "Bearer  t", missingToken()));
    }

    static Expected missingToken() {
        return new Expected(401, "Unauthorized", "missing_token", "no bearer token: the kubeconfig user needs a platform token, "
                + "or an exec plugin that prints one");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusalsBeforeTheToken")
    void refusedBeforeTheTokenIsReviewed(String name, ProxyLoad.Door door, String path, String uri, boolean queryInvalid,
            String authorization, Expected expected) {
        expected.check(ProxyAdmission.beforeToken(door, 2048, path, uri, queryInvalid, authorization));
    }

    @Test
    void aUsableRequestNeedsItsTokenReviewed() {
        assertEquals(new ProxyAdmission.NeedsToken("abc.def.ghi"), ProxyAdmission.beforeToken(OPEN, 2048,
                "/api/v1/namespaces/team-a/pods", "/api/v1/namespaces/team-a/pods?watch=true", false, "Bearer abc.def.ghi"));
    }

    static Stream<Arguments> refusalsAfterTheToken() {
        return Stream.of(
                Arguments.of("a refused token: 401 with the authenticator's reason", new AuthnDecision.Unauthenticated(
                        AuthnReason.EXPIRED, "token expired 2 h ago", TokenFacts.NONE), false,
                        new Expected(401, "Unauthorized", "expired", "the token was refused: token expired 2 h ago")),
                Arguments.of("an issuer without keys: 503, retry in 5 s", new AuthnDecision.Undecided(
                        "no keys yet for issuer static", TokenFacts.NONE), false,
                        new Expected(503, "ServiceUnavailable", "jwks_unavailable", "no keys yet for issuer static", 5, false)),
                Arguments.of("kubectl --as: 403", new AuthnDecision.Authenticated(ALICE, List.of(), TokenFacts.NONE), true,
                        new Expected(403, "Forbidden", "impersonation_refused", "impersonation (kubectl --as, --as-group, --as-uid) "
                                + "is not supported through the clearance proxy: requests act as oidc:user:alice")),
                Arguments.of("an identity no header can carry: 403", new AuthnDecision.Authenticated(new Identity("oidc:user:eve", null,
                        List.of("oidc:cluster-admins\t"), Map.of()), List.of(), TokenFacts.NONE), false,
                        new Expected(403, "Forbidden", "identity_unrepresentable", "the identity of this token cannot be sent to the "
                                + "API server: " + unrepresentable())),
                Arguments.of("impersonation is refused before the identity is looked at", new AuthnDecision.Authenticated(
                        new Identity("oidc:user:eve", null, List.of("oidc:a\n"), Map.of()), List.of(), TokenFacts.NONE), true,
                        new Expected(403, "Forbidden", "impersonation_refused", "impersonation (kubectl --as, --as-group, --as-uid) "
                                + "is not supported through the clearance proxy: requests act as oidc:user:eve")));
    }

    /** The wording {@link Impersonation} gives the tab-ended group. */
    static String unrepresentable() {
        try {
            Impersonation.headersFor(new Identity("oidc:user:eve", null, List.of("oidc:cluster-admins\t"), Map.of()));
            throw new AssertionError("the group must be refused");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusalsAfterTheToken")
    void refusedOnceTheTokenIsReviewed(String name, AuthnDecision decision, boolean impersonation, Expected expected) {
        expected.check(ProxyAdmission.afterToken(decision, impersonation, false));
    }

    @Test
    void anAuthenticatedRequestIsForwardedWithItsIdentityHeaders() {
        for (boolean upgrade : List.of(false, true)) {
            ProxyAdmission.After next = ProxyAdmission.afterToken(new AuthnDecision.Authenticated(ALICE, List.of(), TokenFacts.NONE),
                    false, upgrade);
            assertEquals(new ProxyAdmission.Forward(ALICE, Impersonation.headersFor(ALICE), upgrade), next);
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("a bug before any token was seen: 400", Refusal.internalError(null), new Expected(400, "BadRequest",
                        "internal_error", "clearance could not process this request and refused it; the failure is logged")),
                Arguments.of("a bug once a token was seen: 401 naming its fingerprint", Refusal.internalError("0123abcd"),
                        new Expected(401, "Unauthorized", "internal_error", "clearance could not process this request and refused it; "
                                + "the failure is logged with the token's fingerprint 0123abcd")),
                Arguments.of("no head from the API server in time: 504", Refusal.upstreamTimeout(2), new Expected(504, "Timeout",
                        "upstream_timeout", "the API server sent no response within 2 s (clearance.proxy.upstream.response-header-timeout)")),
                Arguments.of("the API server unreachable: 502", Refusal.upstreamUnavailable("https://10.0.0.1:443", "Connection refused"),
                        new Expected(502, "ServiceUnavailable", "upstream_unavailable",
                                "cannot reach the API server at https://10.0.0.1:443: Connection refused")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void refusalsWhenSomethingFails(String name, Refusal refusal, Expected expected) {
        expected.check(refusal);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("a bad request denies", Refusal.badPath(), true),
                Arguments.of("a missing token denies", Refusal.missingToken(), true),
                Arguments.of("impersonation denies", Refusal.impersonationRequested("u"), true),
                Arguments.of("an internal error before a token denies", Refusal.internalError(null), true),
                Arguments.of("draining is an error", Refusal.draining(), false),
                Arguments.of("overload is an error", Refusal.overloaded(1), false),
                Arguments.of("an undecided token is an error", Refusal.undecided("x"), false),
                Arguments.of("an upstream timeout is an error", Refusal.upstreamTimeout(1), false),
                Arguments.of("an unreachable upstream is an error", Refusal.upstreamUnavailable("u", "c"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void whichRefusalsDeny(String name, Refusal refusal, boolean denies) {
        assertEquals(denies, refusal.denies());
    }

    @Test
    void theStatusBodyCarriesTheReasonCodeAsItsCause() {
        var body = Refusal.missingToken().body();
        assertEquals(List.of("Status", "Failure", "Unauthorized", "missing_token"),
                List.of(body.kind(), body.status(), body.reason(), body.details().causes().get(0).reason()));
        assertEquals(401, body.code());
    }
}
