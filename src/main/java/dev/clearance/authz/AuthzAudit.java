package dev.clearance.authz;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Outcome;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;

/** Turns a SubjectAccessReview's outcome into its audit event; the one place an AuthzDecision becomes an {@link Outcome}. */
final class AuthzAudit {

    private AuthzAudit() {}

    /** {@code request} is null for a review without attributes: the event then names no user and no resource. */
    static AuditEvent of(String decisionId, AccessRequest request, AuthzDecision decision, long latencyMicros) {
        AuditEvent.User user = null;
        AuditEvent.Resource resource = null;
        String path = null;
        String verb = null;
        if (request != null) {
            user = new AuditEvent.User(request.user(), null, request.groups());
            if (request.resource() != null) {
                AccessRequest.Resource r = request.resource();
                resource = new AuditEvent.Resource(orNull(r.namespace()), orNull(r.verb()), orNull(r.group()), orNull(r.resource()),
                        orNull(r.subresource()), orNull(r.name()));
            } else {
                path = request.nonResource().path();
                verb = request.nonResource().verb();
            }
        }
        return AuditEvent.authz(decisionId, outcome(decision), decision.reason(), decision.message(), user, resource, path, verb, latencyMicros);
    }

    /** Allow is allow, Deny deny, NoOpinion no-opinion (RBAC decides). */
    static Outcome outcome(AuthzDecision decision) {
        if (decision instanceof AuthzDecision.Allow) {
            return Outcome.ALLOW;
        }
        if (decision instanceof AuthzDecision.Deny) {
            return Outcome.DENY;
        }
        if (decision instanceof AuthzDecision.NoOpinion) {
            return Outcome.NO_OPINION;
        }
        throw new IllegalArgumentException("not an AuthzDecision variant: " + decision);
    }

    /** Absent attributes are left out of the event rather than written as empty strings. */
    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
