package dev.clearance.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Method;

/**
 * Switches a {@code POST} upgrade request's connection to raw bytes. Vert.x 4 offers {@code toNetSocket()} only for
 * {@code GET} and {@code CONNECT}, but client-go's SPDY executor (exec, attach, port-forward before WebSockets, and
 * every program still using it) upgrades with {@code POST}. The server response's own switch is package-private, so
 * it is reached by reflection; when a Vert.x upgrade removes it, SPDY upgrades fail with a clear log line and
 * WebSocket ones keep working. {@code ProxyUpgradeTest} pins the behaviour.
 */
final class PostUpgrade {

    private static final Method SWITCH = find();

    private PostUpgrade() {}

    private static Method find() {
        try {
            Class<?> response = Class.forName("io.vertx.core.http.impl.Http1xServerResponse");
            Method method = response.getDeclaredMethod("netSocket", HttpMethod.class, MultiMap.class);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Switches the client's connection of an upgrade request to raw bytes, whatever its method. */
    static Future<NetSocket> accept(HttpServerRequest request) {
        return request.method() == HttpMethod.GET ? request.toNetSocket() : toNetSocket(request);
    }

    @SuppressWarnings("unchecked")
    static Future<NetSocket> toNetSocket(HttpServerRequest request) {
        if (SWITCH == null) {
            return Future.failedFuture("this Vert.x version offers no way to upgrade a POST request");
        }
        try {
            // the method is checked against GET, the upgrade itself does not depend on it
            return (Future<NetSocket>) SWITCH.invoke(request.response(), HttpMethod.GET, request.headers());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
