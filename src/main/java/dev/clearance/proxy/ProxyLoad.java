package dev.clearance.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The proxy's load, shared by every event loop: requests in flight (each holds a slot of
 * {@code max-concurrent-requests} from admission to its end), how many of them are open streams (watches, followed
 * logs, tunnels), and whether the proxy is draining. On shutdown, {@link #onlyStreamsLeft()} tells when every request
 * that is not a stream has ended, without polling.
 */
final class ProxyLoad {

    /** What the door says to a new request. */
    enum Door {
        /** Admitted: a slot is held until the request ends ({@link #release()}). */
        OPEN,
        /** The proxy is shutting down; no slot is taken. */
        DRAINING,
        /** Every slot is taken; none is held. */
        FULL
    }

    private final int maxConcurrentRequests;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicReference<CompletableFuture<Void>> drained = new AtomicReference<>();
    private volatile boolean draining;

    ProxyLoad(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** Takes a slot for one request when the proxy is not draining and not full. */
    Door enter() {
        if (draining) {
            return Door.DRAINING;
        }
        if (inFlight.incrementAndGet() > maxConcurrentRequests) {
            inFlight.decrementAndGet();
            return Door.FULL;
        }
        return Door.OPEN;
    }

    /** Gives back the slot {@link #enter()} took. */
    void release() {
        inFlight.decrementAndGet();
        checkDrained();
    }

    void streamOpened() {
        streaming.incrementAndGet();
        checkDrained();
    }

    void streamClosed() {
        streaming.decrementAndGet();
    }

    /** From now on, new requests are turned away ({@link Door#DRAINING}). */
    void startDraining() {
        draining = true;
    }

    /**
     * Completes once every request in flight is a stream (or none is left): what a graceful shutdown waits for before
     * it closes the streams. Streams are not waited for, since a watch or an exec session may last for hours.
     */
    CompletableFuture<Void> onlyStreamsLeft() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        drained.set(done);
        checkDrained();
        return done;
    }

    private void checkDrained() {
        CompletableFuture<Void> waiting = drained.get();
        if (waiting != null && inFlight.get() <= streaming.get()) {
            waiting.complete(null);
        }
    }

    boolean draining() {
        return draining;
    }

    int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    int inFlight() {
        return inFlight.get();
    }

    int streamsOpen() {
        return streaming.get();
    }
}
