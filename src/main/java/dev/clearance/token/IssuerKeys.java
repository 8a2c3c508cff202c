package dev.clearance.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One issuer's key set over time: refreshed in the background, refetched on demand for an unknown {@code kid}
 * (at most once per {@code jwks-min-refresh-interval}), and never emptied by a failed refresh: the last good set
 * stays in use. Concurrent demands share one fetch. Nothing here blocks a caller.
 */
final class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    /** While an issuer has never had keys, demands may retry this often. */
    static final Duration NO_KEYS_RETRY = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final IssuerSettings settings;
    private final KeySource source;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private volatile KeySet current;
    private volatile String lastError;
    private Instant lastAttempt = Instant.EPOCH;
    private CompletableFuture<KeySet> inFlight;
    private Duration backoff = FIRST_BACKOFF;
    private volatile boolean stopped;
    private int failures;
    private volatile java.util.function.Consumer<Boolean> fetchListener = ok -> { };

    IssuerKeys(IssuerSettings settings, KeySource source, Clock clock, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.source = source;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Told of every fetch's outcome (true: a key set was loaded), for metrics. */
    void onFetch(java.util.function.Consumer<Boolean> listener) {
        fetchListener = listener;
    }

    /** Starts the first fetch and the background refresh. */
    void start() {
        fetch().whenComplete((keys, error) -> scheduleNext(error == null));
    }

    void stop() {
        stopped = true;
    }

    /** The last good key set, or null while none was ever fetched. */
    KeySet current() {
        return current;
    }

    String lastError() {
        return lastError;
    }

    String source() {
        return source.describe();
    }

    /**
     * A refetch on demand, when the rate limit allows one; otherwise (or when it fails) the current set, and in
     * every case what happened. The future never fails: its keys are null only while no key set was ever fetched.
     */
    CompletableFuture<KeyRefetch> refetch() {
        synchronized (this) {
            if (inFlight == null) {
                Duration minInterval = current == null ? NO_KEYS_RETRY : settings.jwksMinRefreshInterval();
                Duration since = Duration.between(lastAttempt, clock.instant());
                if (since.compareTo(minInterval) < 0) {
                    return CompletableFuture.completedFuture(KeyRefetch.skipped(current, since, minInterval));
                }
            }
        }
        return fetch().handle((keys, error) -> error == null
                ? KeyRefetch.refetched(current)
                : KeyRefetch.failed(current, describe(error)));
    }

    private CompletableFuture<KeySet> fetch() {
        CompletableFuture<KeySet> started;
        synchronized (this) {
            if (inFlight != null) {
                return inFlight;
            }
            lastAttempt = clock.instant();
            started = new CompletableFuture<>();
            inFlight = started;
        }
        CompletableFuture<String> document;
        try {
            document = source.fetch();
        } catch (RuntimeException e) {
            document = CompletableFuture.failedFuture(e);
        }
        document.whenComplete((json, error) -> {
            KeySet parsed = null;
            Throwable failure = error;
            if (failure == null) {
                try {
                    parsed = KeySet.parse(json, clock.instant());
                } catch (KeySet.KeySetException e) {
                    failure = e;
                }
            }
            synchronized (this) {
                inFlight = null;
                if (parsed != null) {
                    current = parsed;
                    lastError = null;
                    backoff = FIRST_BACKOFF;
                } else {
                    lastError = describe(failure);
                    failures++;
                }
            }
            fetchListener.accept(parsed != null);
            if (parsed != null) {
                LOG.debugf("issuer=%s keys=%d skipped=%d source=%s: key set fetched", settings.name(), parsed.size(),
                        parsed.skipped(), source.describe());
                started.complete(parsed);
            } else {
                // The very first attempt may race the HTTP server (the dev issuer is fetched from clearance itself).
                LOG.logf(failures == 1 && current == null ? Logger.Level.DEBUG : Logger.Level.WARN,
                        "issuer=%s source=%s keysInUse=%s: key fetch failed: %s", settings.name(), source.describe(),
                        current == null ? "none" : current.size(), lastError);
                started.completeExceptionally(failure);
            }
        });
        return started;
    }

    private void scheduleNext(boolean succeeded) {
        if (stopped) {
            return;
        }
        Duration delay;
        synchronized (this) {
            if (succeeded) {
                delay = settings.jwksRefreshInterval();
            } else {
                delay = backoff;
                Duration cap = settings.jwksRefreshInterval().compareTo(MAX_BACKOFF) < 0 ? settings.jwksRefreshInterval() : MAX_BACKOFF;
                backoff = backoff.multipliedBy(2).compareTo(cap) > 0 ? cap : backoff.multipliedBy(2);
            }
        }
        try {
            scheduler.schedule(() -> fetch().whenComplete((keys, error) -> scheduleNext(error == null)),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
