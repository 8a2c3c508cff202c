package dev.clearance.proxy;

/**
 * Stable reason codes of the proxy's own answers (audit {@code reason}, Status {@code details.causes[0].reason}).
 * Token refusals carry the authenticator's codes instead ({@code expired}, {@code bad_signature}, ...).
 */
public enum ProxyReason implements dev.clearance.common.ReasonCode {
    /** Verified and forwarded; the status is the API server's. */
    FORWARDED("forwarded"),
    /** No {@code Authorization: Bearer} header. */
    MISSING_TOKEN("missing_token"),
    /** The request carried {@code Impersonate-*} headers ({@code kubectl --as}). */
    IMPERSONATION_REFUSED("impersonation_refused"),
    /** The verified identity holds a character no HTTP header can carry. */
    IDENTITY_UNREPRESENTABLE("identity_unrepresentable"),
    /** The request itself is unusable (path with dot segments, absolute URI). */
    REQUEST_INVALID("request_invalid"),
    /** More requests in flight than {@code clearance.proxy.max-concurrent-requests}. */
    OVERLOADED("overloaded"),
    /** The proxy is shutting down. */
    DRAINING("draining"),
    /** The API server could not be reached or broke the connection before answering. */
    UPSTREAM_UNAVAILABLE("upstream_unavailable"),
    /** The API server sent no response head within {@code clearance.proxy.upstream.response-header-timeout}. */
    UPSTREAM_TIMEOUT("upstream_timeout"),
    /** Verification failed unexpectedly; refused, as everything that cannot be decided. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    ProxyReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
