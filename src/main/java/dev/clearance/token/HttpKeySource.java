package dev.clearance.token;

import dev.clearance.common.Text;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Keys over HTTP(S): either OIDC discovery, whose {@code issuer} must equal the configured issuer exactly and
 * whose {@code jwks_uri} is then fetched, or a JWKS URL directly. Asynchronous (java.net.http), bounded in size
 * and time, and never following a redirect from HTTPS to HTTP.
 *
 * <p>Time: each document (the discovery document, then the JWKS) gets the whole {@code read-timeout} for its
 * exchange, head and body together, redirects included; a fetch through discovery may so take up to twice that.
 * {@link HttpRequest#timeout} alone only bounds the wait for the response head: an issuer that sends a head and
 * then stalls or trickles its body would hold {@link IssuerKeys}' single in-flight fetch for ever, stopping the
 * background refresh and every unknown-{@code kid} refetch. So past the deadline the body subscription is
 * cancelled (closing the connection) and the fetch fails with {@link HttpTimeoutException}, which IssuerKeys
 * reports as "timed out" while it keeps the last good keys and schedules the next attempt.
 */
final class HttpKeySource implements KeySource {

    static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private final String issuer;
    private final KeyLocation location;
    private final HttpClient client;
    private final Duration readTimeout;

    HttpKeySource(String issuer, KeyLocation location, HttpClient client, Duration readTimeout) {
        if (location instanceof KeyLocation.JwksFile) {
            throw new IllegalArgumentException("a file is not fetched over HTTP");
        }
        this.issuer = issuer;
        this.location = location;
        this.client = client;
        this.readTimeout = readTimeout;
    }

    @Override
    public CompletableFuture<String> fetch() {
        if (location instanceof KeyLocation.Discovery d) {
            return get(d.url(), "discovery document").thenCompose(doc -> get(jwksUri(d.url(), doc), "JWKS"));
        }
        return get(((KeyLocation.JwksUrl) location).url(), "JWKS");
    }

    private URI jwksUri(URI discoveryUrl, String document) {
        Map<String, Object> doc;
        try {
            doc = JsonUtil.parseJson(document);
        } catch (JoseException | RuntimeException e) {
            throw new CompletionException(new KeySet.KeySetException("the discovery document at " + discoveryUrl + " is not JSON"));
        }
        if (!issuer.equals(doc.get("issuer"))) {
            throw new CompletionException(new KeySet.KeySetException("the discovery document names issuer "
                    + Text.quote(String.valueOf(doc.get("issuer"))) + ", not the configured " + issuer));
        }
        if (!(doc.get("jwks_uri") instanceof String raw)) {
            throw new CompletionException(new KeySet.KeySetException("the discovery document has no jwks_uri"));
        }
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new CompletionException(new KeySet.KeySetException("jwks_uri " + Text.quote(raw) + " is not a URL"));
        }
        boolean downgrade = "https".equals(discoveryUrl.getScheme()) && !"https".equals(uri.getScheme());
        if (downgrade || !IssuerSettings.fetchable(uri)) {
            throw new CompletionException(new KeySet.KeySetException("jwks_uri " + Text.quote(raw)
                    + " must be https (plain http only on localhost during development)"));
        }
        return uri;
    }

    private CompletableFuture<String> get(URI url, String what) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<String> result = new CompletableFuture<>();
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
            BoundedBody subscriber = new BoundedBody(MAX_DOCUMENT_BYTES);
            body.set(subscriber);
            if (result.isDone()) { // the head arrived just as the deadline passed
                subscriber.abandon(new HttpTimeoutException("the deadline passed"));
            }
            return subscriber;
        });
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException ? error : new CompletionException(error));
            } else if (response.statusCode() != 200) {
                result.completeExceptionally(new CompletionException(new KeySet.KeySetException(
                        "GET " + url + " for the " + what + " answered HTTP " + response.statusCode())));
            } else {
                result.complete(new String(response.body(), StandardCharsets.UTF_8));
            }
        });
        CompletableFuture.delayedExecutor(readTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            HttpTimeoutException timeout = new HttpTimeoutException(
                    "GET " + url + " for the " + what + " did not complete within " + readTimeout.toMillis() + " ms");
            if (result.completeExceptionally(new CompletionException(timeout))) {
                BoundedBody started = body.get();
                if (started != null) {
                    started.abandon(timeout);
                }
                exchange.cancel(true);
            }
        });
        return result;
    }

    @Override
    public String describe() {
        return location instanceof KeyLocation.Discovery d
                ? "discovery " + d.url()
                : "JWKS " + ((KeyLocation.JwksUrl) location).url();
    }
}
