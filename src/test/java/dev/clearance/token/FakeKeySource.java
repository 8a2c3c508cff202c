package dev.clearance.token;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A key source tests control: the document it serves, whether it fails, and how often it was asked. */
final class FakeKeySource implements KeySource {

    private volatile String jwks;
    private volatile boolean failing;
    private volatile CompletableFuture<String> pending;
    final AtomicInteger fetches = new AtomicInteger();

    FakeKeySource(String jwks) {
        this.jwks = jwks;
    }

    void serve(String jwks) {
        this.jwks = jwks;
        this.failing = false;
    }

    void fail() {
        this.failing = true;
    }

    /** The next fetch stays open until the returned future is completed. */
    CompletableFuture<String> hold() {
        pending = new CompletableFuture<>();
        return pending;
    }

    @Override
    public CompletableFuture<String> fetch() {
        fetches.incrementAndGet();
        if (pending != null) {
            CompletableFuture<String> held = pending;
            pending = null;
            return held;
        }
        return failing
                ? CompletableFuture.failedFuture(new java.io.IOException("simulated outage"))
                : CompletableFuture.completedFuture(jwks);
    }

    @Override
    public String describe() {
        return "fake";
    }
}
