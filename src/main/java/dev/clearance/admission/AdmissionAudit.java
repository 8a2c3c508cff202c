package dev.clearance.admission;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Outcome;
import java.util.Locale;

/**
 * Turns an AdmissionReview's outcome into its audit event; the one place an AdmissionDecision becomes an
 * {@link Outcome}. The event's resource is what the review asked for: {@code resource} the plural from
 * {@code request.resource} (as authz and the proxy write it; null when the review's is missing or malformed),
 * {@code group} its group (the kind's group when there is none), {@code verb} the operation in lower case.
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
        AdmissionRequest.GroupVersionResource asked = request.resource();
        AuditEvent.Resource resource = new AuditEvent.Resource(request.namespace(), request.operation().toLowerCase(Locale.ROOT),
                asked == null ? request.group() : asked.group(), asked == null ? null : asked.resource(), request.subResource(),
                request.name());
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
