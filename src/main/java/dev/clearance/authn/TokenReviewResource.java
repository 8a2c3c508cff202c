package dev.clearance.authn;

import dev.clearance.token.Review;
import dev.clearance.token.AuthnDecision;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.AuditLog;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.KubeStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code POST /authenticate}: the API server's token webhook ({@code --authentication-token-webhook-config-file}).
 * Runs on the event loop; only a key fetch makes it wait, asynchronously.
 */
@Path("/authenticate")
public class TokenReviewResource {

    private static final Logger LOG = Logger.getLogger(TokenReviewResource.class);

    private final TokenReviewCodec codec;
    private final TokenReviewer reviewer;
    private final AuditLog audit;

    TokenReviewResource(TokenReviewCodec codec, TokenReviewer reviewer, AuditLog audit) {
        this.codec = codec;
        this.reviewer = reviewer;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> review(byte[] body) {
        long started = System.nanoTime();
        TokenReviewRequest request;
        try {
            request = codec.read(body);
        } catch (InvalidReviewException | RuntimeException e) {
            String problem = e instanceof InvalidReviewException ? e.getMessage() : "the TokenReview could not be read";
            LOG.debugf("webhook=authn decision=error reason=request_invalid: %s", problem);
            audit.record(AuditEvent.requestInvalid(AuditKind.AUTHN, problem, (System.nanoTime() - started) / 1000));
            return CompletableFuture.completedFuture(KubeStatus.badRequest(problem));
        }
        // the reviewer never fails: a failure inside it is already a refusal (TokenReviewer#failed)
        return reviewer.review(request.token(), request.audiences()).thenApply(review -> answer(request, review, started));
    }

    private Response answer(TokenReviewRequest request, Review review, long started) {
        AuthnDecision decision = review.decision();
        AuditEvent event = AuthnAudit.of(review, (System.nanoTime() - started) / 1000);
        audit.record(event);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("webhook=authn decision=%s reason=%s fingerprint=%s user=%s cached=%s latencyMicros=%d",
                    event.decision().wire(), decision.reason().code(), review.fingerprint(),
                    decision instanceof AuthnDecision.Authenticated a ? a.identity().username() : "-",
                    review.cached(), (System.nanoTime() - started) / 1000);
        }
        if (decision instanceof AuthnDecision.Undecided undecided) {
            return KubeStatus.response(503, "ServiceUnavailable", decision.reason().code(), undecided.message());
        }
        return Response.ok(TokenReviewCodec.write(request.apiVersion(), decision), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
