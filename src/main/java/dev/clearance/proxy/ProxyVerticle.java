package dev.clearance.proxy;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SSLOptions;

/** One proxy server instance on one event loop, with its own clients to the API server. */
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
        raw = vertx.createNetClient(proxy.netClientOptions());
        idle = new IdleConnections(vertx, proxy.config().idleTimeout().toMillis());
        server = vertx.createHttpServer(proxy.serverOptions());
        server.connectionHandler(idle::opened);
        server.requestHandler(request -> {
            HttpConnection connection = request.connection();
            idle.requestStarted(connection);
            new ProxiedRequest(proxy, http, raw, request, () -> idle.requestEnded(connection)).start();
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
}
