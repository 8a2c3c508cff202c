package dev.clearance.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.clearance.config.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Takes every decision's audit event: counts it (metrics), keeps it in the query window, and hands it to the sink
 * through a bounded queue drained by one writer thread, so recording never blocks the event loop. When the queue is
 * full the event is counted as dropped, logged (at most every 10 s) and shown in the health check: never silently.
 * A failing sink keeps its batch and retries every second; the queue then fills and drops are reported the same way.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final int BATCH = 4096;
    private static final long POLL_MILLIS = 5;

    private final ObjectWriter eventWriter;
    private final MeterRegistry registry;
    private final AuditWindow window;
    private final BlockingQueue<AuditEvent> queue;
    private final AuditSink sink;
    private final Thread writer;
    private record DecisionKey(AuditKind kind, Outcome decision, String reason) {}

    private final Map<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<AuditKind, Timer> latencies = new ConcurrentHashMap<>();
    private final Counter written;
    private final Counter dropped;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong lastDropWarning = new AtomicLong();
    private volatile String sinkFailure;
    private volatile boolean running = true;

    AuditLog(AuditConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.eventWriter = mapper.writerFor(AuditEvent.class);
        this.registry = registry;
        if (config.query().window() < 1 || config.buffer() < 1) {
            throw new ConfigurationException("clearance.audit.query.window and clearance.audit.buffer must be positive",
                    Set.of("clearance.audit.query.window", "clearance.audit.buffer"));
        }
        this.window = new AuditWindow(config.query().window());
        this.sink = switch (config.sink()) {
            case "stdout" -> new StdoutSink();
            case "file" -> new FileSink(config.file().path(), config.file().maxSize().asLongValue(), config.file().maxFiles());
            case "none" -> null;
            default -> throw new ConfigurationException("clearance.audit.sink must be stdout, file or none, was " + config.sink(),
                    Set.of("clearance.audit.sink"));
        };
        this.queue = new ArrayBlockingQueue<>(config.buffer());
        this.written = Counter.builder("clearance.audit.events").tag("outcome", "written")
                .description("Audit events written to the sink").register(registry);
        this.dropped = Counter.builder("clearance.audit.events").tag("outcome", "dropped")
                .description("Audit events lost because the sink could not keep up").register(registry);
        this.cacheHits = Counter.builder("clearance.verdict.cache").tag("result", "hit").register(registry);
        this.cacheMisses = Counter.builder("clearance.verdict.cache").tag("result", "miss").register(registry);
        if (sink != null) {
            writer = new Thread(this::drain, "clearance-audit-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /** Records one decision. Never blocks. */
    public void record(AuditEvent event) {
        decisions.computeIfAbsent(new DecisionKey(event.kind(), event.decision(), event.reason().code()),
                k -> Counter.builder("clearance.decisions").tag("webhook", k.kind().wire()).tag("decision", k.decision().wire())
                        .tag("reason", k.reason()).description("Decisions by webhook, decision and reason")
                        .register(registry))
                .increment();
        latencies.computeIfAbsent(event.kind(), k -> Timer.builder("clearance.decision.latency").tag("webhook", k.wire())
                .publishPercentileHistogram().description("Time from a review's arrival to its answer").register(registry))
                .record(event.latencyMicros(), TimeUnit.MICROSECONDS);
        if (event.kind() == AuditKind.AUTHN && event.token() != null) {
            (event.cached() ? cacheHits : cacheMisses).increment();
        }
        window.add(event);
        if (sink != null && !queue.offer(event)) {
            dropped.increment();
            long total = droppedTotal.incrementAndGet();
            long now = System.nanoTime();
            long last = lastDropWarning.get();
            if (now - last > TimeUnit.SECONDS.toNanos(10) && lastDropWarning.compareAndSet(last, now)) {
                LOG.warnf("audit sink cannot keep up: %d events dropped so far (buffer %d)", total, queue.remainingCapacity()
                        + queue.size());
            }
        }
    }

    /** Recent events matching the filter, newest first. */
    public List<AuditEvent> query(Predicate<AuditEvent> filter, int limit) {
        return window.query(filter, limit);
    }

    /** Null while the sink works; otherwise why it does not. */
    public String sinkFailure() {
        return sinkFailure;
    }

    public long droppedTotal() {
        return droppedTotal.get();
    }

    public int queued() {
        return queue.size();
    }

    /**
     * The writer polls instead of blocking in {@code take()}: a blocked consumer would have every {@code offer} on the
     * event loop signal it awake, one futex wake-up per event. A few milliseconds of delay buys whole batches.
     */
    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        StringBuilder lines = new StringBuilder(64 * 1024);
        Writer appender = new Appender(lines);
        while (running) {
            try {
                if (queue.drainTo(batch, BATCH) == 0) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                lines.setLength(0);
                for (AuditEvent event : batch) {
                    eventWriter.writeValue(appender, event); // straight into the batch: no String per event
                    lines.append('\n');
                }
                writeUntilAccepted(lines.toString());
                written.increment(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) { // only serialisation: the appender itself cannot fail
                LOG.errorf(e, "audit events could not be serialised; %d dropped", batch.size());
                dropped.increment(batch.size());
                droppedTotal.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void writeUntilAccepted(String lines) throws InterruptedException {
        while (running) {
            try {
                sink.write(lines);
                if (sinkFailure != null) {
                    LOG.info("audit sink writes again");
                    sinkFailure = null;
                }
                return;
            } catch (IOException e) {
                if (sinkFailure == null) {
                    LOG.errorf("audit sink failed, retrying every second: %s", e.getMessage());
                }
                sinkFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                Thread.sleep(1000);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (writer == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.isEmpty() && System.nanoTime() < deadline && sinkFailure == null) {
            Thread.sleep(10);
        }
        running = false;
        writer.interrupt();
        sink.close();
    }

    /** Now, for event times. */
    public static Instant now() {
        return Instant.now();
    }

    /** A Writer onto the batch's StringBuilder; closing it (Jackson does, after each value) leaves the batch open. */
    private static final class Appender extends Writer {
        private final StringBuilder into;

        Appender(StringBuilder into) {
            this.into = into;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            into.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            into.append(text, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
