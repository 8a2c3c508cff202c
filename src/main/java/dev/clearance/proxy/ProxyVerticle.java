package dev.clearance.proxy;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SSLOptions;

/**
 * One proxy server instance on one event loop, with its own clients to the API server and its own idle-connection
 * tracking; each request it accepts runs as a {@link ProxiedRequest} on this loop.
 */
final class ProxyVerticle extends AbstractVerticle {

    private final ProxyServer proxy;
    private HttpServer server;
    private HttpClient http;
    private NetClient raw;
    private IdleConnections idle;

    ProxyVerticle(ProxyServer proxy) {
        this.proxy = proxy;
    }

    @Override
    public void start(Promise<Void> started) {
        http = vertx.createHttpClient(proxy.upstream().clientOptions());
        raw = vertx.createNetClient(ProxyOptions.netClient(proxy.upstream().clientOptions()));
        idle = new IdleConnections(vertx, proxy.config().idleTimeout().toMillis());
        server = vertx.createHttpServer(proxy.serverOptions());
        server.connectionHandler(idle::opened);
        server.requestHandler(request -> {
            idle.requestStarted(request.connection());
            new ProxiedRequest(this, request).start();
        });
        server.listen().<Void>mapEmpty().onSuccess(v -> proxy.register(this)).onComplete(started);
    }

    @Override
    public void stop(Promise<Void> stopped) {
        proxy.unregister(this);
        server.close().eventually(v -> http.close()).eventually(v -> raw.close()).onComplete(stopped);
    }

    void updateSsl(SSLOptions ssl) {
        server.updateSSLOptions(ssl);
    }

    ProxyServer proxy() {
        return proxy;
    }

    /** The client for ordinary requests to the API server, pooled. */
    HttpClient http() {
        return http;
    }

    /** The client for upgrade requests, written by hand on a raw connection. */
    NetClient raw() {
        return raw;
    }

    /** The request is over: its connection may be timed out as idle again. */
    void requestEnded(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        idle.requestEnded(connection);
    }
}
