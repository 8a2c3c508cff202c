package dev.clearance.admission;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.AuditLog;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.BugLog;
import dev.clearance.common.KubeStatus;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /admit}: the validating admission webhook. Answers with the request's apiVersion and uid, never a
 * patch; a refusal carries status code 403 and a message naming the rule. Dry-run requests are judged the same and
 * have no side effects (clearance has none).
 */
@Path("/admit")
public class AdmissionResource {

    private static final BugLog BUGS = new BugLog(AdmissionResource.class);

    private final AdmissionReviewCodec codec;
    private final AdmissionPolicy policy;
    private final AuditLog audit;

    AdmissionResource(AdmissionReviewCodec codec, AdmissionPolicy policy, AuditLog audit) {
        this.codec = codec;
        this.policy = policy;
        this.audit = audit;
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response review(byte[] body) {
        long started = System.nanoTime();
        AdmissionReviewCodec.Parsed parsed;
        try {
            parsed = codec.read(body);
        } catch (InvalidReviewException | RuntimeException e) {
            String problem = e instanceof InvalidReviewException ? e.getMessage() : "the AdmissionReview could not be read";
            audit.record(AuditEvent.requestInvalid(AuditKind.ADMISSION, problem, (System.nanoTime() - started) / 1000));
            return KubeStatus.badRequest(problem);
        }
        AdmissionRequest request = parsed.request();
        AdmissionDecision decision;
        try {
            decision = policy.decide(request);
        } catch (RuntimeException e) {
            decision = failed(e, request);
        }
        audit.record(AdmissionAudit.of(request, decision, (System.nanoTime() - started) / 1000));
        return Response.ok(AdmissionReviewCodec.write(parsed.apiVersion(), request.uid(), decision), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * A rule that throws is a bug: the request is refused (as {@code failurePolicy: Fail} would have it) with a
     * sentence, never a 500; logged with where it happened, at most one WARN a minute since anyone may send it.
     */
    private static AdmissionDecision failed(RuntimeException e, AdmissionRequest request) {
        BUGS.failed("webhook=admission uid=" + request.uid() + ": the admission rules failed", e);
        return new AdmissionDecision.Reject(AdmissionReason.INTERNAL_ERROR, "clearance could not judge this request and refused "
                + "it; the failure is logged under uid " + request.uid(), java.util.List.of());
    }

}
