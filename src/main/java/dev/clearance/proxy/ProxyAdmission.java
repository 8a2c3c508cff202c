package dev.clearance.proxy;

import dev.clearance.token.AuthnDecision;
import dev.clearance.token.Identity;
import java.util.List;

/**
 * Whether a request may go to the API server, decided in two steps around the token review: {@link #beforeToken}
 * (the proxy's door, the request's shape, the bearer token's presence) and {@link #afterToken} (the review's decision,
 * impersonation attempts, whether the identity can be sent as headers). Pure: the orchestrator reads the request and
 * the server's state, this decides, and every refusal it makes is a {@link Refusal} with the same status, reason code
 * and wording the proxy has always answered with.
 */
final class ProxyAdmission {

    private ProxyAdmission() {}

    /** What to do before the token is reviewed. */
    sealed interface Before permits NeedsToken, Refusal {}

    /** What to do once the token is reviewed. */
    sealed interface After permits Forward, Refusal {}

    /** The request is usable and carries this bearer token: review it. */
    record NeedsToken(String token) implements Before {}

    /**
     * Forward as {@code identity}, with its impersonation headers, through an upgrade relay when {@code upgrade} (a
     * protocol switch for exec, attach, port-forward), through the HTTP relay otherwise. The header list is the one
     * {@link Impersonation#headersFor} made, not copied (this is the hot path).
     */
    record Forward(Identity identity, List<Impersonation.Header> impersonation, boolean upgrade) implements After {}

    /**
     * The checks that need no token, in order: the door (draining, overloaded), the path (absolute, no dot segments),
     * the query string (valid percent-encoding), the bearer token's presence.
     *
     * @param door what {@link ProxyLoad#enter()} answered; a slot is held only when {@code OPEN}
     * @param path the request's path without the query, or null when it has none
     * @param uri the request line's target as sent
     * @param queryInvalid whether the query string failed to decode (only looked at when the door is open)
     * @param authorization the {@code Authorization} header, or null
     */
    static Before beforeToken(ProxyLoad.Door door, int maxConcurrentRequests, String path, String uri, boolean queryInvalid,
            String authorization) {
        if (door == ProxyLoad.Door.DRAINING) {
            return Refusal.draining();
        }
        if (door == ProxyLoad.Door.FULL) {
            return Refusal.overloaded(maxConcurrentRequests);
        }
        if (path == null || uri == null || !uri.startsWith("/") || HeaderPolicy.hasDotSegment(path)) {
            return Refusal.badPath();
        }
        if (queryInvalid) {
            return Refusal.badQuery();
        }
        String token = HeaderPolicy.bearerToken(authorization);
        return token == null ? Refusal.missingToken() : new NeedsToken(token);
    }

    /**
     * The review's decision, then what the request asks beyond its token.
     *
     * @param impersonationRequested whether the client sent any {@code Impersonate-*} header ({@code kubectl --as})
     * @param upgrade whether the client asks for a protocol switch ({@link HeaderPolicy#isUpgrade})
     */
    static After afterToken(AuthnDecision decision, boolean impersonationRequested, boolean upgrade) {
        if (decision instanceof AuthnDecision.Unauthenticated refused) {
            return Refusal.tokenRefused(refused.reason(), refused.message());
        }
        if (decision instanceof AuthnDecision.Undecided undecided) {
            return Refusal.undecided(undecided.message());
        }
        Identity identity = ((AuthnDecision.Authenticated) decision).identity();
        if (impersonationRequested) {
            return Refusal.impersonationRequested(identity.username());
        }
        List<Impersonation.Header> headers;
        try {
            headers = Impersonation.headersFor(identity);
        } catch (IllegalArgumentException e) {
            return Refusal.identityUnrepresentable(e.getMessage());
        }
        return new Forward(identity, headers, upgrade);
    }
}
