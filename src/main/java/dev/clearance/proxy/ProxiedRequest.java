package dev.clearance.proxy;

import dev.clearance.common.BugLog;
import dev.clearance.token.Fingerprint;
import dev.clearance.token.Review;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import java.util.List;

/**
 * One request through the proxy, from its arrival to its audit event: admit it ({@link ProxyAdmission}), have its
 * token reviewed, refuse it or hand it to a {@link Relay}, and account for it exactly once (slot, stream count, idle
 * tracking, audit event through {@link ExchangeRecorder}). Its life is one {@link RequestState}; lives on one event loop;
 * nothing here blocks.
 */
final class ProxiedRequest implements RelayListener {

    private static final BugLog BUGS = new BugLog(ProxiedRequest.class);

    private final ProxyVerticle lane;
    private final ProxyServer proxy;
    private final HttpServerRequest request;
    private final Context context;
    private final ExchangeRecorder recorder;
    private RequestState state = RequestState.ADMITTING;
    private KubeRequestInfo info;
    private Relay relay;
    private long headerTimer;

    /** @param lane the event loop's server instance, whose clients and idle tracking the request uses */
    ProxiedRequest(ProxyVerticle lane, HttpServerRequest request) {
        this.lane = lane;
        this.proxy = lane.proxy();
        this.request = request;
        this.context = Vertx.currentContext();
        this.recorder = new ExchangeRecorder(System.nanoTime(), request.method().name(), request.path());
    }

    /**
     * Admits, checks and verifies the request. Total: whatever goes wrong on the way to the decision, the client gets
     * an answer, the slot is released and the audit event is written; nothing escapes to the event loop.
     */
    void start() {
        try {
            admit();
        } catch (RuntimeException e) {
            crashed(e);
        }
    }

    private void admit() {
        ProxyLoad.Door door = proxy.load().enter();
        String watch = null;
        boolean queryInvalid = false;
        if (door == ProxyLoad.Door.OPEN) {
            moveTo(RequestState.VERIFYING);
            request.pause();
            request.response().closeHandler(v -> clientGone());
            try {
                watch = request.getParam("watch");
            } catch (IllegalArgumentException e) {
                queryInvalid = true;
            }
        }
        String path = request.path();
        info = KubeRequestInfo.parse(request.method().name(), path == null ? "" : path, watch);
        recorder.info(info);
        ProxyAdmission.Before next = ProxyAdmission.beforeToken(door, proxy.load().maxConcurrentRequests(), path, request.uri(),
                queryInvalid, request.getHeader(HttpHeaders.AUTHORIZATION));
        if (next instanceof Refusal refusal) {
            refuse(refusal);
            return;
        }
        String token = ((ProxyAdmission.NeedsToken) next).token();
        recorder.token(Fingerprint.of(token));
        proxy.reviewer().review(token, List.of()).whenComplete((review, failure) -> context.runOnContext(v -> {
            try {
                verified(review, failure);
            } catch (RuntimeException e) {
                crashed(e);
            }
        }));
    }

    private void verified(Review review, Throwable failure) {
        if (state != RequestState.VERIFYING) {
            return;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        recorder.reviewed(review);
        ProxyAdmission.After next = ProxyAdmission.afterToken(review.decision(), Impersonation.requested(request.headers()),
                HeaderPolicy.isUpgrade(request.getHeader(HttpHeaders.UPGRADE), request.headers().getAll(HttpHeaders.CONNECTION)));
        if (next instanceof Refusal refusal) {
            refuse(refusal);
            return;
        }
        ProxyAdmission.Forward forward = (ProxyAdmission.Forward) next;
        relay = forward.upgrade()
                ? new UpgradeRelay(request, proxy.upstream(), forward.impersonation(), this, lane.raw())
                : new HttpRelay(request, proxy.upstream(), forward.impersonation(), this, lane.http(), isStream());
        moveTo(RequestState.FORWARDING);
        headerTimer = context.owner().setTimer(proxy.config().upstream().responseHeaderTimeout().toMillis(), id -> headerTimeout());
        relay.start();
    }

    /** Watches and followed logs stay open for as long as the client wants. */
    private boolean isStream() {
        return "watch".equals(info.verb()) || "log".equals(info.subresource()) && "true".equals(request.getParam("follow"));
    }

    private void headerTimeout() {
        if (state == RequestState.FORWARDING) {
            relay.abort();
            refuse(Refusal.upstreamTimeout(proxy.config().upstream().responseHeaderTimeout().toSeconds()));
        }
    }

    @Override
    public String auditId() {
        return recorder.decisionId();
    }

    @Override
    public void headReceived(int status) {
        if (state == RequestState.FORWARDING) {
            recorder.forwarded(status, System.nanoTime());
            moveTo(RequestState.RELAYING);
        }
    }

    @Override
    public void streamOpened() {
        opened(RequestState.STREAMING);
    }

    @Override
    public void tunnelOpened() {
        opened(RequestState.TUNNELLING);
    }

    private void opened(RequestState stream) {
        if (state == RequestState.RELAYING) {
            moveTo(stream);
            proxy.load().streamOpened();
        }
    }

    @Override
    public void failed(Throwable cause) {
        if (state == RequestState.FORWARDING) {
            relay.abort();
            refuse(Refusal.upstreamUnavailable(proxy.upstream().describe(), cause.getMessage()));
        } else if (state == RequestState.RELAYING || state == RequestState.STREAMING) {
            // the head went out already: all that is left is to break the connection
            relay.abort();
            recorder.brokeMidResponse(cause.getMessage());
            request.response().reset();
            finish();
        }
    }

    @Override
    public void finished() {
        finish();
    }

    /** The client's connection closed; a tunnel ends by its own sockets instead. */
    private void clientGone() {
        if (state == RequestState.FINISHED || state == RequestState.TUNNELLING) {
            return;
        }
        if (relay != null) {
            relay.abort();
        }
        recorder.clientGone();
        finish();
    }

    /**
     * A bug on the way to the decision: refused (never forwarded), told in words without internals, and logged once
     * with the token's fingerprint so it can be found; the stack trace only at DEBUG, since a client can trigger it.
     */
    private void crashed(RuntimeException e) {
        String fingerprint = recorder.fingerprint();
        BUGS.failed("proxy fingerprint=" + (fingerprint == null ? "-" : fingerprint) + ": the request failed before forwarding", e);
        if (relay != null) {
            relay.abort();
        }
        if (state == RequestState.FINISHED || state.answered) {
            request.response().reset();
            finish();
            return;
        }
        refuse(Refusal.internalError(fingerprint));
    }

    /** Answers with a Kubernetes {@code Status}, whose cause carries our stable reason code. */
    private void refuse(Refusal refusal) {
        HttpServerResponse response = request.response();
        if (state == RequestState.FINISHED || response.headWritten()) {
            // answered already, and finish() is on its way: a second failure has nothing left to say to the client
            return;
        }
        recorder.refused(refusal);
        moveTo(state.holdsSlot ? RequestState.REFUSING : RequestState.TURNED_AWAY);
        if (state == RequestState.REFUSING) {
            request.resume();
        }
        if (refusal.closeConnection()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        if (refusal.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Integer.toString(refusal.retryAfterSeconds()));
        }
        response.setStatusCode(refusal.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encodeToBuffer(refusal.body())).onComplete(v -> finish());
    }

    private void moveTo(RequestState next) {
        if (state == RequestState.FORWARDING && next != RequestState.FORWARDING) {
            context.owner().cancelTimer(headerTimer);
        }
        state = next;
    }

    private void finish() {
        RequestState was = state;
        if (was == RequestState.FINISHED) {
            return;
        }
        moveTo(RequestState.FINISHED);
        if (was.countsStream) {
            proxy.load().streamClosed();
        }
        if (was.holdsSlot) {
            proxy.load().release();
        }
        lane.requestEnded(request);
        long in = relay == null ? request.bytesRead() : relay.requestBytes();
        long out = relay == null ? request.response().bytesWritten() : relay.responseBytes();
        proxy.audit().record(recorder.event(in, out, was == RequestState.TUNNELLING, request.getHeader(HttpHeaders.USER_AGENT),
                System.nanoTime()));
    }
}
