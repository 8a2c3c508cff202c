package dev.clearance.admission;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Outcome;
import java.util.Locale;

/**
 * Turns an AdmissionReview's outcome into its audit event; the one place an AdmissionDecision becomes an
 * {@link Outcome}. {@code resource.verb} is the operation in lower case.
 */
final class AdmissionAudit {

    private AdmissionAudit() {}

    static AuditEvent of(AdmissionRequest request, AdmissionDecision decision, long latencyMicros) {
        AdmissionReason reason;
        String message;
        if (decision instanceof AdmissionDecision.Reject reject) {
            reason = reject.reason();
            message = reject.message();
        } else {
            reason = AdmissionReason.ALLOWED;
            message = decision.warnings().isEmpty() ? "admitted" : String.join("; ", decision.warnings());
        }
        AuditEvent.Resource resource = new AuditEvent.Resource(request.namespace(), request.operation().toLowerCase(Locale.ROOT),
                request.group(), request.kind(), request.subResource(), request.name());
        return AuditEvent.admission(outcome(decision), reason, message, request.uid(),
                new AuditEvent.User(request.username(), null, request.userGroups()), resource, latencyMicros);
    }

    /** Admit is allow (warnings or not), Reject deny. */
    static Outcome outcome(AdmissionDecision decision) {
        if (decision instanceof AdmissionDecision.Admit) {
            return Outcome.ALLOW;
        }
        if (decision instanceof AdmissionDecision.Reject) {
            return Outcome.DENY;
        }
        throw new IllegalArgumentException("not an AdmissionDecision variant: " + decision);
    }
}
