package dev.clearance.authn;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Outcome;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.Identity;
import dev.clearance.token.Review;
import dev.clearance.token.TokenFacts;

/**
 * Turns a TokenReview's outcome into its audit event; the one place an AuthnDecision becomes an {@link Outcome}. The
 * event's {@code decisionId} is the review's own; a cache hit's {@code admittedBy} names the decision it repeats.
 */
final class AuthnAudit {

    private AuthnAudit() {}

    static AuditEvent of(Review review, long latencyMicros) {
        AuthnDecision decision = review.decision();
        TokenFacts facts = decision.facts() == null ? TokenFacts.NONE : decision.facts();
        AuditEvent.Token token = new AuditEvent.Token(review.fingerprint(), facts.jti(), facts.subject(), facts.expiry());
        String message;
        AuditEvent.User user = null;
        if (decision instanceof AuthnDecision.Authenticated ok) {
            Identity id = ok.identity();
            message = "authenticated as " + id.username();
            user = new AuditEvent.User(id.username(), id.uid(), id.groups());
        } else if (decision instanceof AuthnDecision.Unauthenticated no) {
            message = no.message();
        } else {
            message = ((AuthnDecision.Undecided) decision).message();
        }
        return AuditEvent.authn(review.decisionId(), outcome(decision), decision.reason(), message, facts.issuer(), token, user,
                review.cached(), review.admittedBy(), latencyMicros);
    }

    /** Authenticated is allow, Unauthenticated deny, Undecided (no keys yet: HTTP 503) error. */
    static Outcome outcome(AuthnDecision decision) {
        if (decision instanceof AuthnDecision.Authenticated) {
            return Outcome.ALLOW;
        }
        if (decision instanceof AuthnDecision.Unauthenticated) {
            return Outcome.DENY;
        }
        if (decision instanceof AuthnDecision.Undecided) {
            return Outcome.ERROR;
        }
        throw new IllegalArgumentException("not an AuthnDecision variant: " + decision);
    }
}
