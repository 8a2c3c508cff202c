package dev.clearance.proxy;

import dev.clearance.common.KubeStatus;
import dev.clearance.common.ReasonCode;
import dev.clearance.token.AuthnReason;

/**
 * An answer the proxy gives itself instead of the API server's: a Kubernetes {@code Status} with this HTTP status,
 * Kubernetes reason and message, whose single cause carries the stable reason code. One factory per refusal the proxy
 * makes, so every wording lives here and tests can name each.
 *
 * @param retryAfterSeconds the {@code Retry-After} to send; 0 sends none
 * @param closeConnection whether to send {@code Connection: close} (the proxy is going away)
 */
record Refusal(int status, String kubernetesReason, ReasonCode reason, String message, int retryAfterSeconds,
        boolean closeConnection) implements ProxyAdmission.Before, ProxyAdmission.After {

    private static Refusal of(int status, String kubernetesReason, ReasonCode reason, String message) {
        return new Refusal(status, kubernetesReason, reason, message, 0, false);
    }

    static Refusal draining() {
        return new Refusal(503, "ServiceUnavailable", ProxyReason.DRAINING, "clearance is shutting down; retry", 1, true);
    }

    static Refusal overloaded(int maxConcurrentRequests) {
        return new Refusal(429, "TooManyRequests", ProxyReason.OVERLOADED, "the proxy has " + maxConcurrentRequests
                + " requests in flight (clearance.proxy.max-concurrent-requests); retry", 1, false);
    }

    static Refusal badPath() {
        return of(400, "BadRequest", ProxyReason.REQUEST_INVALID, "the request path must be absolute and free of . and .. segments");
    }

    static Refusal badQuery() {
        return of(400, "BadRequest", ProxyReason.REQUEST_INVALID, "the query string is not valid percent-encoding");
    }

    static Refusal missingToken() {
        return of(401, "Unauthorized", ProxyReason.MISSING_TOKEN, "no bearer token: the kubeconfig user needs a "
                + "platform token, or an exec plugin that prints one");
    }

    static Refusal tokenRefused(AuthnReason reason, String message) {
        return of(401, "Unauthorized", reason, "the token was refused: " + message);
    }

    static Refusal undecided(String message) {
        return new Refusal(503, "ServiceUnavailable", AuthnReason.JWKS_UNAVAILABLE, message, 5, false);
    }

    static Refusal impersonationRequested(String username) {
        return of(403, "Forbidden", ProxyReason.IMPERSONATION_REFUSED, "impersonation (kubectl --as, --as-group, "
                + "--as-uid) is not supported through the clearance proxy: requests act as " + username);
    }

    static Refusal identityUnrepresentable(String problem) {
        return of(403, "Forbidden", ProxyReason.IDENTITY_UNREPRESENTABLE, "the identity of this token cannot be sent "
                + "to the API server: " + problem);
    }

    /** A bug on the way to the decision: 401 once a token was seen (its fingerprint named), 400 before. */
    static Refusal internalError(String fingerprint) {
        return of(fingerprint == null ? 400 : 401, fingerprint == null ? "BadRequest" : "Unauthorized",
                ProxyReason.INTERNAL_ERROR, "clearance could not process this request and refused it; the failure "
                        + "is logged" + (fingerprint == null ? "" : " with the token's fingerprint " + fingerprint));
    }

    static Refusal upstreamTimeout(long seconds) {
        return of(504, "Timeout", ProxyReason.UPSTREAM_TIMEOUT, "the API server sent no response within " + seconds
                + " s (clearance.proxy.upstream.response-header-timeout)");
    }

    static Refusal upstreamUnavailable(String upstream, String cause) {
        return of(502, "ServiceUnavailable", ProxyReason.UPSTREAM_UNAVAILABLE, "cannot reach the API server at " + upstream
                + ": " + cause);
    }

    /** The {@code Status} body: the HTTP status, the Kubernetes reason, the message, and the reason code as its cause. */
    KubeStatus body() {
        return KubeStatus.failure(status, kubernetesReason, reason.code(), message);
    }

    /** The stable reason code, as the Status's cause and the audit event write it. */
    String reasonCode() {
        return reason.code();
    }

    /** Refusals of the request itself (400) and of its credentials (401, 403) deny; the rest are errors. */
    boolean denies() {
        return status == 400 || status == 401 || status == 403;
    }
}
