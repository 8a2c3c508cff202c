package dev.clearance.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Closes a client connection that holds no request for {@code clearance.proxy.idle-timeout}: from its accept until
 * its first complete request head, and between requests on a kept-alive connection. A connection with a request in
 * flight is never timed out here, so watches, followed logs and exec sessions that are quiet for a long time stay
 * open (the API server and the client bound those); what this bounds is the connections nobody uses.
 *
 * <p>One instance per event loop, used only from that loop's thread, so no locking.
 */
final class IdleConnections {

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Map<HttpConnection, State> connections = new IdentityHashMap<>();

    private static final class State {
        int requests;
        long timer = -1;
    }

    IdleConnections(Vertx vertx, long timeoutMillis) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
    }

    void opened(HttpConnection connection) {
        State state = new State();
        connections.put(connection, state);
        arm(connection, state);
        connection.closeHandler(v -> {
            State closed = connections.remove(connection);
            if (closed != null) {
                disarm(closed);
            }
        });
    }

    void requestStarted(HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null) {
            state.requests++;
            disarm(state);
        }
    }

    void requestEnded(HttpConnection connection) {
        State state = connections.get(connection);
        if (state != null && --state.requests <= 0) {
            state.requests = 0;
            arm(connection, state);
        }
    }

    /** Open connections this instance tracks, for tests. */
    int open() {
        return connections.size();
    }

    private void arm(HttpConnection connection, State state) {
        disarm(state);
        state.timer = vertx.setTimer(timeoutMillis, id -> {
            state.timer = -1;
            if (state.requests == 0) {
                connection.close();
            }
        });
    }

    private void disarm(State state) {
        if (state.timer >= 0) {
            vertx.cancelTimer(state.timer);
            state.timer = -1;
        }
    }
}
