package dev.clearance.authn;

import dev.clearance.token.Review;
import dev.clearance.token.AuthnDecision;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Replica;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import java.time.Instant;

/** Turns a TokenReview's outcome into its audit event. */
final class AuthnAudit {

    private AuthnAudit() {}

    static AuditEvent of(Review review, long latencyMicros) {
        AuthnDecision decision = review.decision();
        TokenFacts facts = decision.facts() == null ? TokenFacts.NONE : decision.facts();
        AuditEvent.Token token = new AuditEvent.Token(review.fingerprint(), facts.jti(), facts.subject(), facts.expiry());
        String outcome;
        String message;
        AuditEvent.User user = null;
        if (decision instanceof AuthnDecision.Authenticated ok) {
            Identity id = ok.identity();
            outcome = AuditEvent.ALLOW;
            message = "authenticated as " + id.username();
            user = new AuditEvent.User(id.username(), id.uid(), id.groups());
        } else if (decision instanceof AuthnDecision.Unauthenticated no) {
            outcome = AuditEvent.DENY;
            message = no.message();
        } else {
            outcome = AuditEvent.ERROR;
            message = ((AuthnDecision.Undecided) decision).message();
        }
        return new AuditEvent(Instant.now(), AuditEvent.AUTHN, outcome, decision.reason().code(), message, null, facts.issuer(), token,
                user, null, null, null, review.cached(), latencyMicros, Replica.NAME);
    }
}
