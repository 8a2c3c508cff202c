package dev.clearance.proxy;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * Carries one admitted request to the API server and its answer back, telling a {@link RelayListener} how it goes.
 * Two kinds: {@link HttpRelay} for ordinary requests (Vert.x's HTTP client, bodies piped) and {@link UpgradeRelay} for
 * protocol switches (a raw connection, then a tunnel). The request that runs one does not know which it runs.
 */
abstract sealed class Relay permits HttpRelay, UpgradeRelay {

    final HttpServerRequest request;
    final Upstream upstream;
    final List<Impersonation.Header> identity;
    final RelayListener listener;

    Relay(HttpServerRequest request, Upstream upstream, List<Impersonation.Header> identity, RelayListener listener) {
        this.request = request;
        this.upstream = upstream;
        this.identity = identity;
        this.listener = listener;
    }

    /** Opens the exchange: connects (or takes a pooled connection) and sends the request. */
    abstract void start();

    /** Ends the exchange from the request's side: the upstream request reset or its connection closed; then silent. */
    abstract void abort();

    /** Body bytes read from the client so far (after an upgrade: bytes tunnelled to the API server). */
    long requestBytes() {
        return request.bytesRead();
    }

    /** Body bytes written to the client so far (after an upgrade: bytes tunnelled from the API server). */
    long responseBytes() {
        return request.response().bytesWritten();
    }

    /** The request target at the API server: its base path (if any) and the client's target as sent. */
    String upstreamUri() {
        return upstream.basePath() + request.uri();
    }

    /** The headers the API server gets ({@link HeaderPolicy#upstream}), written into {@code into}. */
    void upstreamHeaders(HeaderPolicy.Sink into) {
        SocketAddress client = request.remoteAddress();
        HeaderPolicy.upstream(request.headers(), upstream.authorization(), identity, listener.auditId(),
                client == null ? null : client.hostAddress(), into);
    }
}
