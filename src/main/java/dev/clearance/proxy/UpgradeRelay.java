package dev.clearance.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A protocol switch (exec, attach, port-forward over SPDY or WebSocket) on a raw connection to the API server: the
 * request head written by hand, the answer's head read by hand ({@link RawHttp}); after a {@code 101} the client's
 * connection is switched too and bytes flow both ways untouched; any other answer (RBAC's {@code 403}, say) is
 * relayed as an ordinary response ({@link RawResponseBody}). Vert.x's HTTP client cannot do this: it switches to raw
 * bytes after {@code 101} only for {@code GET}, and client-go's SPDY executor upgrades with {@code POST}.
 */
final class UpgradeRelay extends Relay {

    private static final Logger LOG = Logger.getLogger(UpgradeRelay.class);

    /** Where the exchange is: BODY is a refused upgrade's answer, SWITCHING the client's switch after a {@code 101}. */
    private enum Phase { CONNECTING, HEAD, BODY, SWITCHING, TUNNEL, DONE }

    private final NetClient raw;
    private Phase phase = Phase.CONNECTING;
    private NetSocket server;
    private NetSocket client;
    private Buffer head = Buffer.buffer();
    private RawResponseBody body;
    private long tunnelledIn;
    private long tunnelledOut;

    UpgradeRelay(HttpServerRequest request, Upstream upstream, List<Impersonation.Header> identity, RelayListener listener,
            NetClient raw) {
        super(request, upstream, identity, listener);
        this.raw = raw;
    }

    @Override
    void start() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        upstreamHeaders(headers::add);
        boolean defaultPort = upstream.port() == (upstream.tls() ? 443 : 80);
        headers.set(HttpHeaders.HOST, upstream.host() + (defaultPort ? "" : ":" + upstream.port()));
        headers.set(HttpHeaders.CONNECTION, "Upgrade");
        headers.set(HttpHeaders.UPGRADE, request.getHeader(HttpHeaders.UPGRADE));
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        Buffer requestHead = RawHttp.requestHead(request.method().name(), upstreamUri(), headers);
        raw.connect(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()), upstream.host()).onComplete(connected -> {
            if (connected.failed()) {
                if (phase != Phase.DONE) {
                    listener.failed(connected.cause());
                }
                return;
            }
            NetSocket socket = connected.result();
            if (phase == Phase.DONE) {
                socket.close();
                return;
            }
            server = socket;
            phase = Phase.HEAD;
            socket.handler(this::fromServer);
            socket.closeHandler(v -> serverClosed());
            socket.exceptionHandler(e -> LOG.debugf("upstream connection of an upgrade failed: %s", e.getMessage()));
            socket.write(requestHead);
        });
    }

    private void fromServer(Buffer buf) {
        switch (phase) {
            case HEAD -> headBytes(buf);
            case BODY -> bodyBytes(buf);
            case TUNNEL -> {
                tunnelledOut += buf.length();
                pass(buf, server, client);
            }
            default -> {
                // switching: the socket is paused; done: nobody listens any more
            }
        }
    }

    private void headBytes(Buffer buf) {
        head.appendBuffer(buf);
        int end = RawHttp.headEnd(head);
        if (end < 0) {
            if (head.length() > RawHttp.MAX_HEAD_BYTES) {
                listener.failed(new IllegalStateException("the API server's response head exceeds " + RawHttp.MAX_HEAD_BYTES + " bytes"));
            }
            return;
        }
        RawHttp.ResponseHead answer;
        try {
            answer = RawHttp.parseResponseHead(head.getBuffer(0, end));
        } catch (IllegalArgumentException e) {
            listener.failed(new IllegalStateException("the API server's response head does not parse: " + e.getMessage()));
            return;
        }
        Buffer rest = head.getBuffer(end, head.length());
        head = null;
        listener.headReceived(answer.status());
        if (answer.status() == 101) {
            switchProtocols(answer, rest);
            return;
        }
        HttpServerResponse out = request.response();
        out.setStatusCode(answer.status());
        if (!answer.reason().isEmpty()) {
            out.setStatusMessage(answer.reason());
        }
        HeaderPolicy.downstream(answer.headers(), false, out.headers()::add);
        try {
            body = RawResponseBody.of(answer.headers(), out, server);
        } catch (IllegalArgumentException e) {
            listener.failed(new IllegalStateException(e.getMessage()));
            return;
        }
        phase = Phase.BODY;
        out.writeHead();
        bodyBytes(rest);
    }

    private void bodyBytes(Buffer buf) {
        boolean complete;
        try {
            complete = body.feed(buf);
        } catch (IllegalArgumentException e) {
            listener.failed(new IllegalStateException("the API server's chunked body does not parse: " + e.getMessage()));
            return;
        }
        if (complete) {
            end(() -> {
                request.response().end();
                server.close();
            });
        }
    }

    private void serverClosed() {
        switch (phase) {
            case HEAD -> listener.failed(new IllegalStateException("the API server closed the connection before answering"));
            case BODY -> end(body.endsByClose() ? request.response()::end : request.response()::reset);
            case SWITCHING -> end(() -> request.response().reset());
            case TUNNEL -> end(client::close);
            default -> {
                // done already
            }
        }
    }

    /**
     * After a {@code 101}: the client's connection is switched as well, then the bytes that came with the head and
     * everything after flow both ways.
     */
    private void switchProtocols(RawHttp.ResponseHead answer, Buffer alreadyRead) {
        phase = Phase.SWITCHING;
        server.pause();
        HeaderPolicy.downstream(answer.headers(), true, request.response().headers()::add);
        request.resume();
        PostUpgrade.accept(request).onComplete(accepted -> {
            if (phase != Phase.SWITCHING) {
                if (accepted.succeeded()) {
                    accepted.result().close();
                }
                return;
            }
            if (accepted.failed()) {
                LOG.warnf("cannot switch the client connection to %s: %s", request.getHeader(HttpHeaders.UPGRADE),
                        accepted.cause().getMessage());
                end(server::close);
                return;
            }
            tunnel(accepted.result(), alreadyRead);
        });
    }

    private void tunnel(NetSocket accepted, Buffer alreadyRead) {
        client = accepted;
        phase = Phase.TUNNEL;
        listener.tunnelOpened();
        if (alreadyRead.length() > 0) {
            tunnelledOut += alreadyRead.length();
            accepted.write(alreadyRead);
        }
        accepted.handler(buf -> {
            tunnelledIn += buf.length();
            pass(buf, accepted, server);
        });
        accepted.closeHandler(v -> end(server::close));
        server.resume();
    }

    private static void pass(Buffer buf, NetSocket from, NetSocket to) {
        to.write(buf);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    /** Ends the exchange once, after {@code closing} let go of what is still open. */
    private void end(Runnable closing) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        closing.run();
        listener.finished();
    }

    @Override
    void abort() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    long requestBytes() {
        return client != null ? tunnelledIn : super.requestBytes();
    }

    @Override
    long responseBytes() {
        return client != null ? tunnelledOut : super.responseBytes();
    }
}
