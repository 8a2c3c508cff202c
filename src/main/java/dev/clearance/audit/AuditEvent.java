package dev.clearance.audit;

import dev.clearance.common.ReasonCode;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision, as DESIGN.md "Audit event" lists it. Never a token or a signature: the fingerprint (first 16 bytes
 * of the token's SHA-256, hex) lets an operator match a token they hold.
 *
 * <p>Built only through the factory of its kind ({@link #authn}, {@link #authz}, {@link #admission}, {@link #proxy},
 * {@link #requestInvalid}), which fills in the time and the replica and leaves out what that kind never carries.
 * JSON writes the components in declaration order, absent ones left out; kind, decision and reason as their wire
 * strings. {@code resource.resource} is always the plural resource ({@code pods}, {@code rolebindings}).
 *
 * <p>{@code decisionId} ({@link DecisionIds}) is this event's own, unique and time-ordered; it is the id the API
 * server sees (TokenReview extra {@code clearance.dev/decision-id}, the SubjectAccessReview reason, the proxy's
 * {@code Audit-ID}). {@code admittedBy}, on a verdict-cache hit that authenticated, names the decision that
 * authenticated the token first: the id the cached identity carries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        Instant time,
        String decisionId,
        AuditKind kind,
        Outcome decision,
        ReasonCode reason,
        String message,
        String requestUid,
        String issuer,
        Token token,
        User user,
        Resource resource,
        String path,
        String verb,
        boolean cached,
        String admittedBy,
        long latencyMicros,
        String replica,
        Exchange exchange) {

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A TokenReview's decision: the token's facts, and the user once authenticated; {@code admittedBy} only on a cache
     * hit, the id of the decision it repeats.
     */
    public static AuditEvent authn(String decisionId, Outcome decision, ReasonCode reason, String message, String issuer, Token token,
            User user, boolean cached, String admittedBy, long latencyMicros) {
        return new AuditEvent(Instant.now(), decisionId, AuditKind.AUTHN, decision, reason, message, null, issuer, token, user, null,
                null, null, cached, admittedBy, latencyMicros, Replica.NAME, null);
    }

    /**
     * A SubjectAccessReview's decision: a resource request carries {@code resource}, a non-resource request {@code path}
     * and {@code verb}; a review without attributes neither (nor a user).
     */
    public static AuditEvent authz(String decisionId, Outcome decision, ReasonCode reason, String message, User user,
            Resource resource, String path, String verb, long latencyMicros) {
        return new AuditEvent(Instant.now(), decisionId, AuditKind.AUTHZ, decision, reason, message, null, null, null, user, resource,
                path, verb, false, null, latencyMicros, Replica.NAME, null);
    }

    /** An AdmissionReview's decision, under the review's uid; {@code resource.verb} is the operation, lower case. */
    public static AuditEvent admission(Outcome decision, ReasonCode reason, String message, String requestUid, User user,
            Resource resource, long latencyMicros) {
        return new AuditEvent(Instant.now(), DecisionIds.next(), AuditKind.ADMISSION, decision, reason, message, requestUid, null,
                null, user, resource, null, null, false, null, latencyMicros, Replica.NAME, null);
    }

    /**
     * One request through the proxy: its token and user as far as they are known, the Kubernetes resource (null for a
     * non-resource path), the path and Kubernetes verb, and the HTTP exchange; {@code latencyMicros} runs to the
     * response head. {@code decisionId} is the {@code Audit-ID} the request went upstream with; {@code admittedBy} as
     * for {@link #authn}.
     */
    public static AuditEvent proxy(String decisionId, Outcome decision, ReasonCode reason, String message, String issuer, Token token,
            User user, Resource resource, String path, String verb, boolean cached, String admittedBy, long latencyMicros,
            Exchange exchange) {
        return new AuditEvent(Instant.now(), decisionId, AuditKind.PROXY, decision, reason, message, null, issuer, token, user,
                resource, path, verb, cached, admittedBy, latencyMicros, Replica.NAME, Objects.requireNonNull(exchange, "exchange"));
    }

    /** The event of a review that could not be read (HTTP 400): nothing is known but the complaint. */
    public static AuditEvent requestInvalid(AuditKind kind, String message, long latencyMicros) {
        return new AuditEvent(Instant.now(), DecisionIds.next(), kind, Outcome.ERROR, AuditReason.REQUEST_INVALID, message, null,
                null, null, null, null, null, null, false, null, latencyMicros, Replica.NAME, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Token(String fingerprint, String jti, String sub, Instant exp) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String username, String uid, List<String> groups) {}

    /**
     * One request through the proxy: bytes are bodies only (after an upgrade, the tunnelled bytes), and the
     * duration runs to the end of the response, so a watch's is how long it stayed open.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exchange(String method, int status, long requestBytes, long responseBytes, boolean upgraded,
            long durationMicros, String userAgent) {}

    /** What was asked for: {@code resource} is the plural resource ({@code pods}), as the API server's URLs name it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String namespace, String verb, String group, String resource, String subresource, String name) {}

}
