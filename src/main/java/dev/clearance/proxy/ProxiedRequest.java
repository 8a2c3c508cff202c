package dev.clearance.proxy;

import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.Replica;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.Review;
import dev.clearance.common.BugLog;
import dev.clearance.common.KubeStatus;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Fingerprint;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One request through the proxy, from its arrival to its audit event: verify the bearer token, refuse or forward
 * with impersonation headers, relay the answer as it streams, and account for it exactly once. Lives on one event
 * loop; nothing here blocks.
 */
final class ProxiedRequest {

    private static final Logger LOG = Logger.getLogger(ProxiedRequest.class);
    private static final BugLog BUGS = new BugLog(ProxiedRequest.class);

    /** Never forwarded in either direction: connection-level headers, and the client's credentials. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host", "expect");
    private static final int MAX_USER_AGENT = 256;

    private final ProxyServer proxy;
    private final HttpClient http;
    private final NetClient raw;
    private final HttpServerRequest request;
    private final Context context;
    private final long startNanos = System.nanoTime();
    private final Runnable done;
    private KubeRequestInfo info;

    private boolean admitted;
    private boolean streamCounted;
    private boolean finished;
    private boolean upgraded;
    private boolean timedOut;
    private long headNanos;
    private long headerTimer = -1;
    private int status;
    private String decision;
    private String reason;
    private String message;
    private String fingerprint;
    private TokenFacts facts = TokenFacts.NONE;
    private boolean cached;
    private Identity identity;
    private HttpClientRequest upstreamRequest;
    private NetSocket upstreamSocket;
    private NetSocket downstreamSocket;
    private final AtomicLong tunnelledIn = new AtomicLong();
    private final AtomicLong tunnelledOut = new AtomicLong();

    /** @param done told once when the request is over, whatever its outcome */
    ProxiedRequest(ProxyServer proxy, HttpClient http, NetClient raw, HttpServerRequest request, Runnable done) {
        this.proxy = proxy;
        this.http = http;
        this.raw = raw;
        this.request = request;
        this.context = Vertx.currentContext();
        this.done = done;
        // the query is not read yet: it may not decode (see shapeProblem)
        this.info = KubeRequestInfo.parse(request.method().name(), request.path() == null ? "" : request.path(), null);
    }

    /**
     * Admits, checks and verifies the request. Total: whatever goes wrong on the way to the decision, the client gets
     * an answer, the slot is released and the audit event is written; nothing escapes to the event loop.
     */
    void start() {
        try {
            admitAndVerify();
        } catch (RuntimeException e) {
            crashed(e);
        }
    }

    private void admitAndVerify() {
        if (proxy.draining()) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close").putHeader("Retry-After", "1");
            refuse(503, "ServiceUnavailable", ProxyReason.DRAINING.code(), "clearance is shutting down; retry");
            return;
        }
        if (!proxy.admit()) {
            request.response().putHeader("Retry-After", "1");
            refuse(429, "TooManyRequests", ProxyReason.OVERLOADED.code(), "the proxy has "
                    + proxy.config().maxConcurrentRequests() + " requests in flight (clearance.proxy.max-concurrent-requests); retry");
            return;
        }
        admitted = true;
        request.pause();
        request.response().closeHandler(v -> downstreamGone());
        String problem = shapeProblem();
        if (problem != null) {
            refuse(400, "BadRequest", ProxyReason.REQUEST_INVALID.code(), problem);
            return;
        }
        String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            refuse(401, "Unauthorized", ProxyReason.MISSING_TOKEN.code(), "no bearer token: the kubeconfig user needs a "
                    + "platform token, or an exec plugin that prints one");
            return;
        }
        fingerprint = Fingerprint.of(token);
        proxy.reviewer().review(token, List.of())
                .whenComplete((review, failure) -> context.runOnContext(v -> {
                    try {
                        verified(review, failure);
                    } catch (RuntimeException e) {
                        crashed(e);
                    }
                }));
    }

    /**
     * What makes the request unusable before any token is looked at, or null: a path that is not absolute or has dot
     * segments (the API server would resolve them, so what we parse and what it serves could differ), or a query string
     * that is not valid percent-encoding (which would be read differently by different parsers).
     */
    private String shapeProblem() {
        String path = request.path();
        if (path == null || !request.uri().startsWith("/") || hasDotSegment(path)) {
            return "the request path must be absolute and free of . and .. segments";
        }
        String watch;
        try {
            watch = request.getParam("watch");
        } catch (IllegalArgumentException e) {
            return "the query string is not valid percent-encoding";
        }
        info = KubeRequestInfo.parse(request.method().name(), path, watch);
        return null;
    }

    /**
     * A bug on the way to the decision: refused (never forwarded), told in words without internals, and logged once
     * with the token's fingerprint so it can be found; the stack trace only at DEBUG, since a client can trigger it.
     */
    private void crashed(RuntimeException e) {
        BUGS.failed("proxy fingerprint=" + (fingerprint == null ? "-" : fingerprint) + ": the request failed before forwarding",
                e);
        if (finished || headNanos != 0) {
            request.response().reset();
            finish();
            return;
        }
        refuse(fingerprint == null ? 400 : 401, fingerprint == null ? "BadRequest" : "Unauthorized",
                ProxyReason.INTERNAL_ERROR.code(), "clearance could not process this request and refused it; the failure "
                        + "is logged" + (fingerprint == null ? "" : " with the token's fingerprint " + fingerprint));
    }

    /**
     * The token of {@code Authorization: Bearer <token>}, read as the API server's bearer-token authenticator does
     * (the header trimmed, the scheme case-insensitive, then exactly one space), or null. Nothing is repaired: a
     * second space, or anything after the token, leaves no token, as it would for the API server.
     */
    static String bearerToken(String authorization) {
        String value = authorization == null ? "" : authorization.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7);
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }

    private void verified(Review review, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        AuthnDecision outcome = review.decision();
        facts = outcome.facts() == null ? TokenFacts.NONE : outcome.facts();
        cached = review.cached();
        if (outcome instanceof AuthnDecision.Unauthenticated refused) {
            refuse(401, "Unauthorized", refused.reason().code(), "the token was refused: " + refused.message());
            return;
        }
        if (outcome instanceof AuthnDecision.Undecided undecided) {
            request.response().putHeader("Retry-After", "5");
            refuse(503, "ServiceUnavailable", AuthnReason.JWKS_UNAVAILABLE.code(), undecided.message());
            return;
        }
        identity = ((AuthnDecision.Authenticated) outcome).identity();
        if (Impersonation.requested(request.headers())) {
            refuse(403, "Forbidden", ProxyReason.IMPERSONATION_REFUSED.code(), "impersonation (kubectl --as, --as-group, "
                    + "--as-uid) is not supported through the clearance proxy: requests act as " + identity.username());
            return;
        }
        List<Impersonation.Header> impersonation;
        try {
            impersonation = Impersonation.headersFor(identity);
        } catch (IllegalArgumentException e) {
            refuse(403, "Forbidden", ProxyReason.IDENTITY_UNREPRESENTABLE.code(), "the identity of this token cannot be sent "
                    + "to the API server: " + e.getMessage());
            return;
        }
        MultiMap headers = upstreamHeaders(impersonation);
        if (isUpgrade()) {
            upgrade(headers);
        } else {
            forward(headers);
        }
    }

    private static boolean hasDotSegment(String path) {
        if (path == null) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase("%2e") || segment.equalsIgnoreCase("%2e%2e")
                    || segment.equalsIgnoreCase(".%2e") || segment.equalsIgnoreCase("%2e.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the client asks for a protocol switch the proxy tunnels (SPDY or WebSocket, for exec, attach and
     * port-forward). An {@code h2c} offer is not one: the proxy speaks HTTP/1.1 only and, as RFC 9110 allows, answers
     * such a request in HTTP/1.1, dropping the offer with the other hop-by-hop headers.
     */
    private boolean isUpgrade() {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || upgrade.isBlank() || upgrade.trim().equalsIgnoreCase("h2c")) {
            return false;
        }
        for (String connection : request.headers().getAll(HttpHeaders.CONNECTION)) {
            if (connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's headers minus connection-level ones, its credentials and anything naming an identity, plus the
     * proxy's credentials and the impersonation headers.
     */
    private MultiMap upstreamHeaders(List<Impersonation.Header> impersonation) {
        MultiMap in = request.headers();
        Set<String> listedInConnection = connectionTokens(in);
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || listedInConnection.contains(name) || name.equals("authorization")
                    || Impersonation.isImpersonationHeader(name) || name.startsWith("x-remote-") || name.equals("x-forwarded-for")) {
                continue;
            }
            out.add(header.getKey(), header.getValue());
        }
        String token = proxy.upstream().bearerToken();
        if (token != null) {
            out.set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        for (Impersonation.Header header : impersonation) {
            out.add(header.name(), header.value());
        }
        String forwardedFor = request.getHeader("X-Forwarded-For");
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            out.set("X-Forwarded-For", forwardedFor == null || forwardedFor.isBlank() ? client : forwardedFor + ", " + client);
        }
        return out;
    }

    // ---- ordinary requests: Vert.x's client, bodies piped both ways --------------------------------------------

    private void forward(MultiMap headers) {
        Upstream upstream = proxy.upstream();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setURI(upstream.basePath() + request.uri())
                .setHeaders(headers)
                .setFollowRedirects(false);
        startHeaderTimer();
        http.request(options).onComplete(created -> {
            if (created.failed()) {
                upstreamFailed(created.cause());
                return;
            }
            HttpClientRequest out = created.result();
            upstreamRequest = out;
            if (finished) {
                out.reset();
                return;
            }
            if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                    && request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
                out.setChunked(true);
            }
            out.response().onComplete(answered -> {
                if (answered.failed()) {
                    upstreamFailed(answered.cause());
                } else {
                    relay(answered.result());
                }
            });
            request.pipeTo(out).onFailure(e -> {
                if (!finished) {
                    out.reset(0, e);
                }
            });
        });
    }

    private void relay(HttpClientResponse in) {
        if (finished) {
            return;
        }
        headReceived(in.statusCode());
        HttpServerResponse out = request.response();
        out.setStatusCode(in.statusCode());
        if (in.statusMessage() != null && !in.statusMessage().isEmpty()) {
            out.setStatusMessage(in.statusMessage());
        }
        copyResponseHeaders(in.headers(), out.headers(), false);
        if (in.getHeader(HttpHeaders.CONTENT_LENGTH) == null && bodyAllowed(in.statusCode())) {
            out.setChunked(true);
        }
        if (isStream()) {
            streamOpened();
        }
        // the head goes out now: a watch may send its first event minutes later, and clients wait for the head
        out.writeHead();
        in.pipeTo(out).onComplete(done -> {
            if (done.failed() && !finished) {
                // the API server broke the stream, or the client went away: neither side may wait for the other
                if (upstreamRequest != null) {
                    upstreamRequest.reset();
                }
                out.reset();
            }
            finish();
        });
    }

    private boolean bodyAllowed(int code) {
        return request.method() != HttpMethod.HEAD && code != 204 && code != 304 && code >= 200;
    }

    /** Watches, followed logs and upgraded connections stay open for as long as the client wants. */
    private boolean isStream() {
        return "watch".equals(info.verb()) || "log".equals(info.subresource()) && "true".equals(request.getParam("follow"));
    }

    /** The header names a {@code Connection} header lists: hop-by-hop by declaration (RFC 9110, 7.6.1). */
    private static Set<String> connectionTokens(MultiMap headers) {
        Set<String> tokens = new java.util.HashSet<>();
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : connection.split(",")) {
                tokens.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }

    private static void copyResponseHeaders(MultiMap from, MultiMap to, boolean keepUpgrade) {
        Set<String> listedInConnection = connectionTokens(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (keepUpgrade && (name.equals("connection") || name.equals("upgrade"))) {
                to.add(header.getKey(), header.getValue());
            } else if (!HOP_BY_HOP.contains(name) && !listedInConnection.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    // ---- upgrades (exec, attach, port-forward): the API server's head read by hand, then raw bytes both ways -----

    private enum UpgradeState { HEAD, BODY, TUNNEL }

    private UpgradeState upgradeState = UpgradeState.HEAD;
    private Buffer upstreamHead = Buffer.buffer();
    private long bodyRemaining = -1;
    private RawHttp.ChunkedDecoder chunked;

    private void upgrade(MultiMap headers) {
        Upstream upstream = proxy.upstream();
        boolean defaultPort = upstream.port() == (upstream.tls() ? 443 : 80);
        headers.set(HttpHeaders.HOST, upstream.host() + (defaultPort ? "" : ":" + upstream.port()));
        headers.set(HttpHeaders.CONNECTION, "Upgrade");
        headers.set(HttpHeaders.UPGRADE, request.getHeader(HttpHeaders.UPGRADE));
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        startHeaderTimer();
        raw.connect(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()), upstream.host()).onComplete(connected -> {
            if (connected.failed()) {
                upstreamFailed(connected.cause());
                return;
            }
            NetSocket socket = connected.result();
            upstreamSocket = socket;
            if (finished) {
                socket.close();
                return;
            }
            socket.handler(this::upstreamBytes);
            socket.closeHandler(v -> upstreamClosed());
            socket.exceptionHandler(e -> LOG.debugf("upstream connection of an upgrade failed: %s", e.getMessage()));
            socket.write(RawHttp.requestHead(request.method().name(), upstream.basePath() + request.uri(), headers));
        });
    }

    private void upstreamBytes(Buffer buf) {
        if (finished) {
            return;
        }
        if (upgradeState == UpgradeState.BODY) {
            bodyBytes(buf);
            return;
        }
        upstreamHead.appendBuffer(buf);
        int end = RawHttp.headEnd(upstreamHead);
        if (end < 0) {
            if (upstreamHead.length() > RawHttp.MAX_HEAD_BYTES) {
                upstreamFailed(new IllegalStateException("the API server's response head exceeds " + RawHttp.MAX_HEAD_BYTES + " bytes"));
            }
            return;
        }
        RawHttp.ResponseHead head;
        try {
            head = RawHttp.parseResponseHead(upstreamHead.getBuffer(0, end));
        } catch (IllegalArgumentException e) {
            upstreamFailed(new IllegalStateException("the API server's response head does not parse: " + e.getMessage()));
            return;
        }
        Buffer rest = upstreamHead.getBuffer(end, upstreamHead.length());
        upstreamHead = null;
        headReceived(head.status());
        HttpServerResponse out = request.response();
        if (head.status() == 101) {
            upgradeState = UpgradeState.TUNNEL;
            upstreamSocket.pause();
            copyResponseHeaders(head.headers(), out.headers(), true);
            request.resume();
            accept().onComplete(accepted -> {
                if (accepted.failed()) {
                    LOG.warnf("cannot switch the client connection to %s: %s", request.getHeader(HttpHeaders.UPGRADE),
                            accepted.cause().getMessage());
                    upstreamSocket.close();
                    finish();
                    return;
                }
                tunnel(accepted.result(), rest);
            });
            return;
        }
        upgradeState = UpgradeState.BODY;
        out.setStatusCode(head.status());
        if (!head.reason().isEmpty()) {
            out.setStatusMessage(head.reason());
        }
        copyResponseHeaders(head.headers(), out.headers(), false);
        String length = head.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                bodyRemaining = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                upstreamFailed(new IllegalStateException("the API server sent Content-Length " + length));
                return;
            }
        } else {
            out.setChunked(true);
            if (head.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
                chunked = new RawHttp.ChunkedDecoder(this::writeBody);
            }
        }
        out.writeHead();
        bodyBytes(rest);
    }

    private void bodyBytes(Buffer buf) {
        try {
            if (chunked != null) {
                chunked.feed(buf);
            } else if (bodyRemaining >= 0) {
                int n = (int) Math.min(bodyRemaining, buf.length());
                writeBody(buf.getBuffer(0, n));
                bodyRemaining -= n;
            } else {
                writeBody(buf);
            }
        } catch (IllegalArgumentException e) {
            upstreamFailed(new IllegalStateException("the API server's chunked body does not parse: " + e.getMessage()));
            return;
        }
        if (bodyRemaining == 0 || chunked != null && chunked.done()) {
            request.response().end();
            upstreamSocket.close();
            finish();
        }
    }

    private void writeBody(Buffer data) {
        if (data.length() == 0) {
            return;
        }
        HttpServerResponse out = request.response();
        out.write(data);
        if (out.writeQueueFull()) {
            upstreamSocket.pause();
            out.drainHandler(v -> upstreamSocket.resume());
        }
    }

    private void upstreamClosed() {
        if (finished) {
            return;
        }
        if (upgradeState == UpgradeState.BODY && bodyRemaining < 0 && chunked == null) {
            request.response().end();
            finish();
        } else if (upgradeState == UpgradeState.HEAD) {
            upstreamFailed(new IllegalStateException("the API server closed the connection before answering"));
        } else if (upgradeState == UpgradeState.BODY) {
            request.response().reset();
            finish();
        }
    }

    /**
     * Switches the client's connection to raw bytes after a {@code 101}. Vert.x does that publicly only for
     * {@code GET}; client-go's SPDY executor upgrades with {@code POST}, so that case goes through
     * {@link PostUpgrade}.
     */
    private Future<NetSocket> accept() {
        if (request.method() == HttpMethod.GET) {
            return request.toNetSocket();
        }
        return PostUpgrade.toNetSocket(request);
    }

    private void tunnel(NetSocket client, Buffer alreadyRead) {
        downstreamSocket = client;
        upgraded = true;
        streamOpened();
        NetSocket server = upstreamSocket;
        if (alreadyRead.length() > 0) {
            tunnelledOut.addAndGet(alreadyRead.length());
            client.write(alreadyRead);
        }
        pump(client, server, tunnelledIn);
        pump(server, client, tunnelledOut);
        client.closeHandler(v -> {
            server.close();
            finish();
        });
        server.closeHandler(v -> {
            client.close();
            finish();
        });
        server.resume();
    }

    private static void pump(ReadStream<Buffer> from, WriteStream<Buffer> to, AtomicLong counted) {
        from.handler(buf -> {
            counted.addAndGet(buf.length());
            to.write(buf);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
    }

    // ---- shared endings ----------------------------------------------------------------------------------------

    private void startHeaderTimer() {
        long millis = proxy.config().upstream().responseHeaderTimeout().toMillis();
        headerTimer = context.owner().setTimer(millis, id -> {
            headerTimer = -1;
            timedOut = true;
            upstreamFailed(new TimeoutException("no response head within " + millis + " ms"));
        });
    }

    private void headReceived(int code) {
        if (headerTimer >= 0) {
            context.owner().cancelTimer(headerTimer);
            headerTimer = -1;
        }
        headNanos = System.nanoTime();
        status = code;
        decision = AuditEvent.ALLOW;
        reason = ProxyReason.FORWARDED.code();
        message = "forwarded as " + identity.username() + "; the API server answered " + code;
    }

    private void upstreamFailed(Throwable cause) {
        if (finished) {
            return;
        }
        if (headerTimer >= 0) {
            context.owner().cancelTimer(headerTimer);
            headerTimer = -1;
        }
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        if (upstreamSocket != null) {
            upstreamSocket.close();
        }
        if (headNanos != 0) {
            // the head went out already: all that is left is to break the connection
            message = "the API server connection broke mid-response: " + cause.getMessage();
            request.response().reset();
            finish();
            return;
        }
        if (timedOut) {
            refuse(504, "Timeout", ProxyReason.UPSTREAM_TIMEOUT.code(), "the API server sent no response within "
                    + proxy.config().upstream().responseHeaderTimeout().toSeconds() + " s "
                    + "(clearance.proxy.upstream.response-header-timeout)");
        } else {
            refuse(502, "ServiceUnavailable", ProxyReason.UPSTREAM_UNAVAILABLE.code(), "cannot reach the API server at "
                    + proxy.upstream().describe() + ": " + cause.getMessage());
        }
    }

    private void downstreamGone() {
        if (finished) {
            return;
        }
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        if (upstreamSocket != null && downstreamSocket == null) {
            upstreamSocket.close();
        }
        if (downstreamSocket == null) {
            if (decision == null) {
                decision = AuditEvent.ERROR;
                reason = ProxyReason.UPSTREAM_UNAVAILABLE.code();
                message = "the client went away before the API server answered";
            }
            finish();
        }
    }

    /** Answers with a Kubernetes {@code Status}, whose cause carries our stable reason code. */
    private void refuse(int code, String kubernetesReason, String reasonCode, String text) {
        if (request.response().headWritten()) {
            // answered already, and finish() is on its way: a second failure (a reset upstream request reporting in
            // after a 504, say) has nothing left to say to the client
            return;
        }
        status = code;
        decision = code == 401 || code == 403 || code == 400 ? AuditEvent.DENY : AuditEvent.ERROR;
        reason = reasonCode;
        message = text;
        if (admitted) {
            request.resume();
        }
        KubeStatus body = KubeStatus.failure(code, kubernetesReason, reasonCode, text);
        request.response().setStatusCode(code)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encodeToBuffer(body))
                .onComplete(v -> finish());
    }

    private void streamOpened() {
        if (!streamCounted) {
            streamCounted = true;
            proxy.streamOpened();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (headerTimer >= 0) {
            context.owner().cancelTimer(headerTimer);
        }
        if (streamCounted) {
            proxy.streamClosed();
        }
        if (admitted) {
            proxy.release();
        }
        done.run();
        proxy.audit().record(event());
    }

    private AuditEvent event() {
        long now = System.nanoTime();
        long latency = ((headNanos != 0 ? headNanos : now) - startNanos) / 1000;
        AuditEvent.Token token = fingerprint == null ? null
                : new AuditEvent.Token(fingerprint, facts.jti(), facts.subject(), facts.expiry());
        AuditEvent.User user = identity == null ? null : new AuditEvent.User(identity.username(), identity.uid(), identity.groups());
        AuditEvent.Resource resource = info.resourceRequest() ? new AuditEvent.Resource(info.namespace(), info.verb(), info.group(),
                info.resource(), info.subresource(), info.name()) : null;
        long in = upgraded ? tunnelledIn.get() : request.bytesRead();
        long out = upgraded ? tunnelledOut.get() : request.response().bytesWritten();
        String agent = request.getHeader(HttpHeaders.USER_AGENT);
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        AuditEvent.Exchange exchange = new AuditEvent.Exchange(request.method().name(), status, in, out, upgraded,
                (now - startNanos) / 1000, agent);
        String outcome = decision == null ? AuditEvent.ERROR : decision;
        return new AuditEvent(Instant.now(), AuditEvent.PROXY, outcome, reason == null ? ProxyReason.INTERNAL_ERROR.code() : reason,
                message, null, facts.issuer(), token, user, resource, request.path(), info.verb(), cached, latency, Replica.NAME,
                exchange);
    }
}
