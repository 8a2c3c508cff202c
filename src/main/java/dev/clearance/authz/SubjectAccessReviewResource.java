package dev.clearance.authz;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.AuditLog;
import dev.clearance.audit.DecisionIds;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.BugLog;
import dev.clearance.common.KubeStatus;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.AuthzDecision;
import dev.clearance.policy.AuthzReason;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * {@code POST /authorize}: the API server's authorization webhook ({@code --authorization-webhook-config-file}).
 * The decision is a map lookup and a few comparisons, so it runs on the event loop. The reason it writes ends with
 * the decision's id, which the API server keeps in its {@code authorization.k8s.io/reason} audit annotation.
 */
@Path("/authorize")
public class SubjectAccessReviewResource {

    private static final Logger LOG = Logger.getLogger(SubjectAccessReviewResource.class);
    private static final BugLog BUGS = new BugLog(SubjectAccessReviewResource.class);

    private final SubjectAccessReviewCodec codec;
    private final AccessPolicy policy;
    private final AuditLog audit;

    SubjectAccessReviewResource(SubjectAccessReviewCodec codec, AccessPolicy policy, AuditLog audit) {
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
        SubjectAccessReviewCodec.Parsed parsed;
        try {
            parsed = codec.read(body);
        } catch (InvalidReviewException | RuntimeException e) {
            String problem = e instanceof InvalidReviewException ? e.getMessage() : "the SubjectAccessReview could not be read";
            LOG.debugf("webhook=authz decision=error reason=request_invalid: %s", problem);
            audit.record(AuditEvent.requestInvalid(AuditKind.AUTHZ, problem, (System.nanoTime() - started) / 1000));
            return KubeStatus.badRequest(problem);
        }
        AuthzDecision decision;
        try {
            decision = parsed.request() == null
                    ? new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "the review has no attributes to decide on")
                    : policy.decide(parsed.request());
        } catch (RuntimeException e) {
            decision = failed(e);
        }
        String decisionId = DecisionIds.next();
        audit.record(AuthzAudit.of(decisionId, parsed.request(), decision, (System.nanoTime() - started) / 1000));
        if (LOG.isDebugEnabled()) {
            LOG.debugf("webhook=authz decision=%s reason=%s user=%s", decision.getClass().getSimpleName(), decision.reason().code(),
                    parsed.request() == null ? "-" : parsed.request().user());
        }
        return Response.ok(SubjectAccessReviewCodec.write(parsed.apiVersion(), decision, decisionId), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * A policy that throws is a bug: no opinion (clearance grants nothing, RBAC alone decides), never a 500; logged
     * with where it happened, at most one WARN a minute since anyone may send the review.
     */
    private static AuthzDecision failed(RuntimeException e) {
        BUGS.failed("webhook=authz: the policy failed", e);
        return new AuthzDecision.NoOpinion(AuthzReason.INTERNAL_ERROR, "clearance failed while deciding and has no opinion; "
                + "RBAC decides");
    }
}
