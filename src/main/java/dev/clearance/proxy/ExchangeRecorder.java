package dev.clearance.proxy;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.DecisionIds;
import dev.clearance.audit.Outcome;
import dev.clearance.common.ReasonCode;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.Identity;
import dev.clearance.token.Review;
import dev.clearance.token.TokenFacts;

/**
 * What one proxied request's audit event will say, gathered as the request goes (what was asked, which token, which
 * identity, how it was answered), and the event itself, built here and nowhere else. Plain data on one event loop:
 * no Vert.x types, no I/O.
 *
 * <p>Until an answer is known the outcome is {@code error} with reason {@code internal_error}: an event written for a
 * request that ended without one says so.
 *
 * <p>The request's decision id is its token review's (so a fresh authentication's identity, and the verdict cache,
 * name this very event), or a new one when the proxy refused before any review. It goes upstream as {@code Audit-ID}
 * and is the event's {@code decisionId}.
 */
final class ExchangeRecorder {

    static final int MAX_USER_AGENT = 256;

    private final long startNanos;
    private final String method;
    private final String path;
    private KubeRequestInfo info;
    private String fingerprint;
    private TokenFacts facts = TokenFacts.NONE;
    private boolean cached;
    private String decisionId;
    private String admittedBy;
    private Identity identity;
    private int status;
    private Outcome decision;
    private ReasonCode reason;
    private String message;
    /** When the API server's response head arrived; 0 until it does (the latency then runs to the event). */
    private long headNanos;

    /**
     * @param path the request's path as the event names it, or null
     */
    ExchangeRecorder(long startNanos, String method, String path) {
        this.startNanos = startNanos;
        this.method = method;
        this.path = path;
    }

    /** What the API server will make of the request (verb, resource), once the query has been read. */
    void info(KubeRequestInfo info) {
        this.info = info;
    }

    /** The bearer token's fingerprint, never the token. */
    void token(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    /** Null until a bearer token was seen. */
    String fingerprint() {
        return fingerprint;
    }

    /** The review's facts and cache hit, and its identity when it authenticated. */
    void reviewed(Review review) {
        AuthnDecision outcome = review.decision();
        facts = outcome.facts() == null ? TokenFacts.NONE : outcome.facts();
        cached = review.cached();
        decisionId = review.decisionId();
        admittedBy = review.admittedBy();
        if (outcome instanceof AuthnDecision.Authenticated authenticated) {
            identity = authenticated.identity();
        }
    }

    /** This request's decision id: its review's, or (no review yet) a new one, the same from then on. */
    String decisionId() {
        if (decisionId == null) {
            decisionId = DecisionIds.next();
        }
        return decisionId;
    }

    /** Answered by the proxy itself. */
    void refused(Refusal refusal) {
        status = refusal.status();
        // the one place a proxy refusal becomes an outcome: the request's own fault or its credentials' deny
        decision = refusal.denies() ? Outcome.DENY : Outcome.ERROR;
        reason = refusal.reason();
        message = refusal.message();
    }

    /** The API server's head arrived: the request was allowed through, and its status is the API server's. */
    void forwarded(int apiServerStatus, long nanos) {
        headNanos = nanos;
        status = apiServerStatus;
        decision = Outcome.ALLOW;
        reason = ProxyReason.FORWARDED;
        message = "forwarded as " + (identity == null ? "?" : identity.username()) + "; the API server answered " + apiServerStatus;
    }

    /** The API server's connection broke after its head went to the client. */
    void brokeMidResponse(String cause) {
        message = "the API server connection broke mid-response: " + cause;
    }

    /** The client went away; said only when nothing else was decided yet. */
    void clientGone() {
        if (decision == null) {
            decision = Outcome.ERROR;
            reason = ProxyReason.UPSTREAM_UNAVAILABLE;
            message = "the client went away before the API server answered";
        }
    }

    /**
     * The event, at the request's end.
     *
     * @param requestBytes body bytes read from the client (after an upgrade: the tunnelled bytes)
     * @param responseBytes body bytes written to the client (after an upgrade: the tunnelled bytes)
     * @param userAgent the client's {@code User-Agent}, or null; cut to {@link #MAX_USER_AGENT} characters
     */
    AuditEvent event(long requestBytes, long responseBytes, boolean upgraded, String userAgent, long nowNanos) {
        long latency = ((headNanos != 0 ? headNanos : nowNanos) - startNanos) / 1000;
        AuditEvent.Token token = fingerprint == null ? null
                : new AuditEvent.Token(fingerprint, facts.jti(), facts.subject(), facts.expiry());
        AuditEvent.User user = identity == null ? null : new AuditEvent.User(identity.username(), identity.uid(), identity.groups());
        AuditEvent.Resource resource = info != null && info.resourceRequest() ? new AuditEvent.Resource(info.namespace(),
                info.verb(), info.group(), info.resource(), info.subresource(), info.name()) : null;
        String agent = userAgent != null && userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        AuditEvent.Exchange exchange = new AuditEvent.Exchange(method, status, requestBytes, responseBytes, upgraded,
                (nowNanos - startNanos) / 1000, agent);
        return AuditEvent.proxy(decisionId(), decision == null ? Outcome.ERROR : decision, reason == null ? ProxyReason.INTERNAL_ERROR : reason,
                message, facts.issuer(), token, user, resource, path, info == null ? null : info.verb(), cached,
                admittedBy, latency, exchange);
    }
}
