package dev.clearance.authz;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Replica;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import java.time.Instant;

/** Turns a SubjectAccessReview's outcome into its audit event. */
final class AuthzAudit {

    private AuthzAudit() {}

    static AuditEvent of(AccessRequest request, AuthzDecision decision, long latencyMicros) {
        String outcome = decision instanceof AuthzDecision.Allow ? AuditEvent.ALLOW
                : decision instanceof AuthzDecision.Deny ? AuditEvent.DENY : AuditEvent.NO_OPINION;
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
        return new AuditEvent(Instant.now(), AuditEvent.AUTHZ, outcome, decision.reason().code(), decision.message(), null, null, null,
                user, resource, path, verb, false, latencyMicros, Replica.NAME);
    }

    /** Absent attributes are left out of the event rather than written as empty strings. */
    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
