package dev.clearance.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One decision, as DESIGN.md "Audit event" lists it. Never a token or a signature: the fingerprint (first 16 bytes
 * of the token's SHA-256, hex) lets an operator match a token they hold.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        Instant time,
        String kind,
        String decision,
        String reason,
        String message,
        String requestUid,
        String issuer,
        Token token,
        User user,
        Resource resource,
        String path,
        String verb,
        boolean cached,
        long latencyMicros,
        String replica,
        Exchange exchange) {

    public static final String AUTHN = "authn";
    public static final String AUTHZ = "authz";
    public static final String ADMISSION = "admission";
    public static final String PROXY = "proxy";
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String NO_OPINION = "no-opinion";
    public static final String ERROR = "error";

    /** A decision of the three webhooks, which have no HTTP exchange of their own to describe. */
    public AuditEvent(Instant time, String kind, String decision, String reason, String message, String requestUid, String issuer,
            Token token, User user, Resource resource, String path, String verb, boolean cached, long latencyMicros,
            String replica) {
        this(time, kind, decision, reason, message, requestUid, issuer, token, user, resource, path, verb, cached, latencyMicros,
                replica, null);
    }

    /** The event of a review that could not be read (HTTP 400): nothing is known but the complaint. */
    public static AuditEvent requestInvalid(String kind, String message, long latencyMicros) {
        return new AuditEvent(Instant.now(), kind, ERROR, "request_invalid", message, null, null, null, null, null, null, null, false,
                latencyMicros, Replica.NAME);
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String namespace, String verb, String group, String resource, String subresource, String name) {}
}
