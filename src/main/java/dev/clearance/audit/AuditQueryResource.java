package dev.clearance.audit;

import dev.clearance.common.KubeStatus;
import dev.clearance.config.AuditConfig;
import dev.clearance.config.AuthzConfig;
import dev.clearance.token.Fingerprint;
import dev.clearance.token.TokenVerdict;
import dev.clearance.token.TokenVerifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code GET /audit/events}: the recent audit events, newest first, for a caller presenting a platform token whose
 * groups include an admin group. Filters: kind, decision, user, reason, fingerprint, decisionId, credentialId
 * ({@code JTI=<jti>}), since (ISO-8601), limit. Each filter value is at most {@link #MAX_FILTER} characters.
 */
@Path("/audit/events")
public class AuditQueryResource {

    private static final Logger LOG = Logger.getLogger(AuditQueryResource.class);
    static final int MAX_LIMIT = 1000;
    static final int MAX_FILTER = 1024;

    private final AuditLog audit;
    private final TokenVerifier verifier;
    private final AuditConfig config;
    private final AuthzConfig authz;

    AuditQueryResource(AuditLog audit, TokenVerifier verifier, AuditConfig config, AuthzConfig authz) {
        this.audit = audit;
        this.verifier = verifier;
        this.config = config;
        this.authz = authz;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> events(@HeaderParam("Authorization") String authorization, @QueryParam("kind") String kind,
            @QueryParam("decision") String decision, @QueryParam("user") String user, @QueryParam("reason") String reason,
            @QueryParam("fingerprint") String fingerprint, @QueryParam("decisionId") String decisionId,
            @QueryParam("credentialId") String credentialId, @QueryParam("since") String since, @QueryParam("limit") String limit) {
        if (!config.query().enabled()) {
            return done(KubeStatus.response(404, "NotFound", "query_disabled", "the audit query is disabled (clearance.audit.query.enabled=false)"));
        }
        Instant sinceTime;
        int max;
        try {
            sinceTime = since == null || since.isEmpty() ? null : Instant.parse(since);
            max = limit == null || limit.isEmpty() ? 100 : Integer.parseInt(limit);
        } catch (DateTimeParseException | NumberFormatException e) {
            return done(KubeStatus.badRequest("since must be an ISO-8601 instant (2026-11-23T12:00:00Z) and limit a number"));
        }
        if (tooLong(decisionId) || tooLong(credentialId)) {
            return done(KubeStatus.badRequest("decisionId and credentialId must be at most " + MAX_FILTER + " characters"));
        }
        if (max < 1 || max > MAX_LIMIT) {
            return done(KubeStatus.badRequest("limit must be between 1 and " + MAX_LIMIT));
        }
        String token = bearer(authorization);
        if (token == null) {
            return done(unauthorized("present a platform token of an admin group: Authorization: Bearer <token>"));
        }
        return verifier.verify(token).thenApply(verdict -> {
            if (verdict instanceof TokenVerdict.Invalid invalid) {
                LOG.debugf("audit query refused: reason=%s fingerprint=%s", invalid.reason().code(), Fingerprint.of(token));
                return unauthorized("token refused: " + invalid.message());
            }
            if (verdict instanceof TokenVerdict.Unavailable unavailable) {
                return KubeStatus.response(503, "ServiceUnavailable", "jwks_unavailable", unavailable.message());
            }
            var identity = ((TokenVerdict.Valid) verdict).token().identity();
            boolean admin = authz.adminGroups().stream().anyMatch(g -> identity.groups().contains(authz.groupPrefix() + g));
            if (!admin) {
                return KubeStatus.response(403, "Forbidden", "not_admin", identity.username()
                        + " is not in an admin group (" + String.join(", ", authz.adminGroups()) + ")");
            }
            List<AuditEvent> items = audit.query(AuditWindow.filter(kind, decision, user, reason, fingerprint, decisionId,
                    credentialId, sinceTime), max);
            return Response.ok(Map.of("items", items)).build();
        });
    }

    private static boolean tooLong(String filter) {
        return filter != null && filter.length() > MAX_FILTER;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.trim().split("\\s+");
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isEmpty() ? parts[1] : null;
    }

    private static Response unauthorized(String message) {
        return Response.fromResponse(KubeStatus.response(401, "Unauthorized", "unauthenticated", message))
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
