package dev.clearance.token;

import dev.clearance.common.BugLog;
import dev.clearance.common.WatchedFile;
import dev.clearance.config.AuthnConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reloads the AuthenticationConfiguration file while clearance runs, as kube-apiserver does with its own: every poll
 * interval the file is read; changed content is decoded, validated and compiled; the new issuers' keys are fetched;
 * only then is the whole issuer set swapped. A file that is invalid keeps the last good configuration (logged at WARN
 * once per distinct content, counted); one whose new issuers get no keys within {@code config-reload-timeout} is
 * counted as failed and tried again.
 *
 * <p>Metrics, named after kube-apiserver's {@code apiserver_authentication_config_controller_*}:
 * {@code clearance_authn_config_reloads_total{status}}, {@code clearance_authn_config_last_reload_timestamp_seconds{status}}
 * and {@code clearance_authn_config_info{hash}} (1 for the content in use).
 *
 * <p>Runs on one scheduler thread only: none of its state is shared.
 */
final class ConfigFileReloader {

    private static final Logger LOG = Logger.getLogger(ConfigFileReloader.class);
    private static final BugLog BUGS = new BugLog(ConfigFileReloader.class);

    private final Path file;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final MeterRegistry registry;
    private final TrustedIssuers issuers;
    private final Counter successes;
    private final Counter failures;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong lastFailure = new AtomicLong();

    private String applied;
    private String rejected;
    private Gauge info;
    private Pending pending;

    private record Pending(String identity, TrustedIssuers.Prepared prepared, Instant since) {}

    ConfigFileReloader(Path file, WatchedFile.Reading first, AuthnConfig config, Clock clock, MeterRegistry registry,
            TrustedIssuers issuers) {
        if (config.configPollInterval().isZero() || config.configPollInterval().isNegative()) {
            throw new ConfigurationException("clearance.authn.config-poll-interval must be a positive duration");
        }
        if (config.configReloadTimeout().isZero() || config.configReloadTimeout().isNegative()) {
            throw new ConfigurationException("clearance.authn.config-reload-timeout must be a positive duration");
        }
        this.file = file;
        this.interval = config.configPollInterval();
        this.timeout = config.configReloadTimeout();
        this.clock = clock;
        this.registry = registry;
        this.issuers = issuers;
        this.applied = first.identity();
        this.successes = counter("success");
        this.failures = counter("failure");
        lastSuccess.set(clock.instant().getEpochSecond());
        Gauge.builder("clearance.authn.config.last.reload.timestamp.seconds", lastSuccess, AtomicLong::doubleValue)
                .tag("status", "success").description("When the configuration file was last loaded, by outcome")
                .register(registry);
        Gauge.builder("clearance.authn.config.last.reload.timestamp.seconds", lastFailure, AtomicLong::doubleValue)
                .tag("status", "failure").description("When the configuration file was last loaded, by outcome")
                .register(registry);
        showInfo(applied);
    }

    void start(ScheduledExecutorService scheduler) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            BUGS.failed("reloading " + file + " failed; the last good configuration stays", e);
        }
    }

    /** One poll. Package-private for tests that drive it without a scheduler. */
    void tick() {
        WatchedFile.Reading reading = WatchedFile.read(file);
        String identity = reading.identity();
        if (pending != null && !pending.identity().equals(identity)) {
            issuers.discard(pending.prepared());
            pending = null;
        }
        if (identity.equals(applied)) {
            rejected = null;
            return;
        }
        if (identity.equals(rejected)) {
            return;
        }
        if (pending == null) {
            TrustedIssuers.Prepared prepared;
            try {
                FileIssuers.Loaded loaded = issuers.loadFile(reading);
                loaded.warnings().forEach(w -> LOG.warnf("%s: %s", file, w));
                prepared = issuers.build(loaded.issuers(), issuers.current(), identity);
            } catch (ConfigurationException e) {
                rejected = identity;
                fail("is invalid, the last good configuration stays: " + e.getMessage());
                return;
            }
            prepared.started().forEach(IssuerKeys::start);
            pending = new Pending(identity, prepared, clock.instant());
        }
        if (pending.prepared().ready()) {
            issuers.swap(pending.prepared());
            applied = identity;
            rejected = null;
            pending = null;
            successes.increment();
            lastSuccess.set(clock.instant().getEpochSecond());
            showInfo(identity);
            LOG.infof("%s: configuration reloaded (%s), trusting %d issuers", file, identity,
                    issuers.current().issuers().size());
        } else if (Duration.between(pending.since(), clock.instant()).compareTo(timeout) >= 0) {
            String waiting = String.join(", ", pending.prepared().waiting());
            issuers.discard(pending.prepared());
            pending = null;
            fail("names issuers that got no signing keys within " + timeout.toSeconds() + "s (" + waiting
                    + "); the last good configuration stays, and the file is tried again");
        }
    }

    private void fail(String why) {
        failures.increment();
        lastFailure.set(clock.instant().getEpochSecond());
        LOG.warnf("%s %s", file, why);
    }

    private void showInfo(String identity) {
        if (info != null) {
            registry.remove(info);
        }
        String hash = identity.startsWith("sha256:") ? identity : "none";
        info = Gauge.builder("clearance.authn.config.info", () -> 1).tag("hash", hash)
                .description("The configuration file in use, by the SHA-256 of its content").register(registry);
    }

    private Counter counter(String status) {
        return Counter.builder("clearance.authn.config.reloads").tag("status", status)
                .description("Reloads of the AuthenticationConfiguration file, by outcome").register(registry);
    }
}
