package dev.clearance.proxy;

import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * An ordinary request through Vert.x's HTTP client: the request body piped up as it arrives, the response head passed
 * on at once (a watch may send its first event minutes later, and clients wait for the head), the body piped down,
 * chunked when the API server gave no length. Back-pressure both ways comes with the pipes.
 */
final class HttpRelay extends Relay {

    private final HttpClient http;
    private final boolean stream;
    private HttpClientRequest out;
    private boolean done;

    /** @param stream whether the answer is a stream (a watch, a followed log), counted while it stays open */
    HttpRelay(HttpServerRequest request, Upstream upstream, List<Impersonation.Header> identity, RelayListener listener,
            HttpClient http, boolean stream) {
        super(request, upstream, identity, listener);
        this.http = http;
        this.stream = stream;
    }

    @Override
    void start() {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setURI(upstreamUri())
                .setFollowRedirects(false);
        http.request(options).onComplete(this::created);
    }

    private void created(AsyncResult<HttpClientRequest> created) {
        if (created.failed()) {
            if (!done) {
                listener.failed(created.cause());
            }
            return;
        }
        HttpClientRequest upstreamRequest = created.result();
        out = upstreamRequest;
        if (done) {
            upstreamRequest.reset();
            return;
        }
        // written straight into the upstream request's own headers: the one copy of the client's headers
        upstreamHeaders(upstreamRequest.headers()::add);
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
            upstreamRequest.setChunked(true);
        }
        upstreamRequest.response().onComplete(this::answered);
        request.pipeTo(upstreamRequest).onFailure(e -> {
            if (!done) {
                upstreamRequest.reset(0, e);
            }
        });
    }

    private void answered(AsyncResult<HttpClientResponse> answered) {
        if (done) {
            return;
        }
        if (answered.failed()) {
            listener.failed(answered.cause());
            return;
        }
        HttpClientResponse in = answered.result();
        listener.headReceived(in.statusCode());
        HttpServerResponse response = request.response();
        response.setStatusCode(in.statusCode());
        if (in.statusMessage() != null && !in.statusMessage().isEmpty()) {
            response.setStatusMessage(in.statusMessage());
        }
        HeaderPolicy.downstream(in.headers(), false, response.headers()::add);
        if (in.getHeader(HttpHeaders.CONTENT_LENGTH) == null && bodyAllowed(in.statusCode())) {
            response.setChunked(true);
        }
        if (stream) {
            listener.streamOpened();
        }
        response.writeHead();
        in.pipeTo(response).onComplete(this::piped);
    }

    private void piped(AsyncResult<Void> piped) {
        if (done) {
            return;
        }
        done = true;
        if (piped.failed()) {
            // the API server broke the stream, or the client went away: neither side may wait for the other
            out.reset();
            request.response().reset();
        }
        listener.finished();
    }

    private boolean bodyAllowed(int code) {
        return request.method() != HttpMethod.HEAD && code != 204 && code != 304 && code >= 200;
    }

    @Override
    void abort() {
        if (done) {
            return;
        }
        done = true;
        if (out != null) {
            out.reset();
        }
    }
}
