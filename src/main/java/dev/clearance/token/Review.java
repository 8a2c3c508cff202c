package dev.clearance.token;

/**
 * One reviewed token: the decision, the token's fingerprint (never the token), whether the decision came from the
 * verdict cache, and this review's own decision id (new for every review, a cache hit included). A fresh
 * authentication's identity names the same id ({@link Identity#decisionId()}); a hit's names the decision it repeats.
 */
public record Review(AuthnDecision decision, String fingerprint, boolean cached, String decisionId) {

    /**
     * The decision a cache hit repeats, the one that authenticated the token first: null for a fresh review, or when
     * the cached decision is a refusal (refusals carry no identity).
     */
    public String admittedBy() {
        return cached && decision instanceof AuthnDecision.Authenticated ok ? ok.identity().decisionId() : null;
    }
}
