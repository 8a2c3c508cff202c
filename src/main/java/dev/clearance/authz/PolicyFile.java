package dev.clearance.authz;

import dev.clearance.common.WatchedFile;
import dev.clearance.policy.ReloadableNamespaceDirectory;
import dev.clearance.policy.StaticNamespaceDirectory;
import dev.clearance.policy.StaticPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The static policy from {@code clearance.authz.static-file}, a mounted ConfigMap that operators edit without a
 * restart. At start-up a missing or invalid file fails start-up, naming the file and the key; afterwards every
 * change {@link WatchedFile} reports is validated with the same rules and swapped in whole, or, when it does not
 * validate (or cannot be read), refused with a WARN that keeps the last good policy: a half-edited ConfigMap must
 * not take every grant away. Each attempt is counted, timed and the hash of the policy in use exposed, so that an
 * operator can alert on a refused edit and see which file version is being enforced.
 */
final class PolicyFile implements AutoCloseable {

    /** The outcome label of {@code clearance_authz_policy_reloads_total}. */
    enum Status {
        SUCCESS, FAILURE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String PROPERTY = StaticPolicy.FILE_PROPERTY;
    static final String RELOADS = "clearance.authz.policy.reloads";
    static final String LAST_RELOAD = "clearance.authz.policy.last.reload.timestamp";
    static final String INFO = "clearance.authz.policy.info";

    private static final Logger LOG = Logger.getLogger(PolicyFile.class);

    private final Path path;
    private final WatchedFile.Reading initial;
    private final ReloadableNamespaceDirectory directory;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Status, Counter> reloads = new EnumMap<>(Status.class);
    private final AtomicLong lastAttemptMillis;
    private Gauge info;
    private String sha256;
    private WatchedFile watch;

    private PolicyFile(Path path, WatchedFile.Reading.Content initial, StaticNamespaceDirectory policy, MeterRegistry registry,
            Clock clock) {
        this.path = path;
        this.initial = initial;
        this.directory = new ReloadableNamespaceDirectory(policy);
        this.registry = registry;
        this.clock = clock;
        for (Status status : Status.values()) {
            reloads.put(status, Counter.builder(RELOADS).tag("status", status.label())
                    .description("Reloads of the static policy file by outcome").register(registry));
        }
        this.lastAttemptMillis = new AtomicLong(clock.millis());
        Gauge.builder(LAST_RELOAD, lastAttemptMillis, last -> last.get() / 1000.0).baseUnit("seconds")
                .description("When the static policy file was last read, successfully or not").register(registry);
        inUse(initial.sha256());
    }

    /** Reads and validates the file at start-up; a missing or invalid file is a ConfigurationException naming it. */
    static PolicyFile load(Path path, MeterRegistry registry, Clock clock) {
        WatchedFile.Reading reading = WatchedFile.read(path);
        if (reading instanceof WatchedFile.Reading.Unreadable unreadable) {
            throw new ConfigurationException(PROPERTY + " " + path + ": " + unreadable.reason(), Set.of(PROPERTY));
        }
        WatchedFile.Reading.Content content = (WatchedFile.Reading.Content) reading;
        StaticPolicy.Parsed parsed = StaticPolicy.parse(content.bytes());
        if (parsed instanceof StaticPolicy.Parsed.Invalid invalid) {
            throw new ConfigurationException(PROPERTY + " " + path + ": " + invalid.sentence(),
                    new LinkedHashSet<>(List.of(PROPERTY, invalid.property())));
        }
        StaticNamespaceDirectory policy = new StaticNamespaceDirectory(((StaticPolicy.Parsed.Valid) parsed).namespaces());
        return new PolicyFile(path, content, policy, registry, clock);
    }

    /** The directory decisions use; its policy is replaced on every valid change. */
    ReloadableNamespaceDirectory directory() {
        return directory;
    }

    /** Polls the file every {@code interval} on {@code scheduler} until {@link #close()}. */
    synchronized void watch(Duration interval, ScheduledExecutorService scheduler) {
        if (watch == null) {
            watch = new WatchedFile(path, initial, interval, scheduler, this::reload);
        }
    }

    /** One changed reading: swapped in when it validates, else refused and the last good policy kept. */
    synchronized void reload(WatchedFile.Reading reading) {
        lastAttemptMillis.set(clock.millis());
        String refusal = refusal(reading);
        reloads.get(refusal == null ? Status.SUCCESS : Status.FAILURE).increment();
        if (refusal != null) {
            LOG.warnf("file=%s kept-sha256=%s: the static policy file was refused, the last good policy stays in use: %s", path,
                    sha256, refusal);
        }
    }

    /** Swaps the reading in and answers null, or answers why it was refused. */
    private String refusal(WatchedFile.Reading reading) {
        if (reading instanceof WatchedFile.Reading.Unreadable unreadable) {
            return unreadable.reason();
        }
        WatchedFile.Reading.Content content = (WatchedFile.Reading.Content) reading;
        StaticPolicy.Parsed parsed = StaticPolicy.parse(content.bytes());
        if (parsed instanceof StaticPolicy.Parsed.Invalid invalid) {
            return invalid.sentence();
        }
        StaticNamespaceDirectory next = new StaticNamespaceDirectory(((StaticPolicy.Parsed.Valid) parsed).namespaces());
        directory.replace(next);
        inUse(content.sha256());
        LOG.infof("file=%s sha256=%s namespaces=%d: static policy reloaded", path, content.sha256(), next.size());
        return null;
    }

    /** Points the info series at the hash of the policy now in use, removing the previous hash's series. */
    private void inUse(String hash) {
        if (hash.equals(sha256)) {
            return;
        }
        if (info != null) {
            registry.remove(info);
        }
        sha256 = hash;
        info = Gauge.builder(INFO, () -> 1).tag("hash", hash).strongReference(true)
                .description("1 for the SHA-256 of the static policy file in use").register(registry);
    }

    @Override
    public synchronized void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
