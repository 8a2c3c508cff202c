package dev.clearance.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clearance.config.AuditConfig;
import dev.clearance.token.AuthnReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log never blocks and never loses an event silently. */
class AuditLogTest {

    @TempDir
    Path dir;

    record Config(String sink, int buffer, AuditConfig.File file, AuditConfig.Query query) implements AuditConfig {}

    record File(Path path, MemorySize maxSize, int maxFiles) implements AuditConfig.File {}

    record Query(boolean enabled, int window) implements AuditConfig.Query {}

    static AuditEvent event(int i) {
        return AuditEvent.authn("id-" + i, Outcome.DENY, AuthnReason.EXPIRED, "m", null, new AuditEvent.Token("fp" + i, null, null,
                null), null, false, null, 10);
    }

    AuditLog log(Path file, int buffer, SimpleMeterRegistry registry) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        return new AuditLog(new Config("file", buffer, new File(file, new MemorySize(BigInteger.valueOf(1 << 20)), 2),
                new Query(true, 100)), mapper, registry);
    }

    @Test
    void writesEveryEventToTheFileAndCountsThem() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path file = dir.resolve("audit.jsonl");
        AuditLog audit = log(file, 1000, registry);

        for (int i = 0; i < 50; i++) {
            audit.record(event(i));
        }

        await("all 50 events are written").atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(file) && Files.readAllLines(file).size() >= 50);
        assertEquals(50, Files.readAllLines(file).size());
        assertEquals(50.0, registry.get("clearance.audit.events").tag("outcome", "written").counter().count());
        assertEquals(50.0, registry.get("clearance.decisions").tag("reason", "expired").counter().count());
        assertEquals(50, audit.query(e -> true, 100).size());
        assertNull(audit.sinkFailure());
    }

    @Test
    void reportsAFailingSinkAndCountsWhatItCannotKeep() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path notADirectory = dir.resolve("occupied");
        Files.writeString(notADirectory, "a file where the audit directory should be");
        AuditLog audit = log(notADirectory.resolve("audit.jsonl"), 4, registry);

        audit.record(event(0));
        await("the sink reports its failure").atMost(Duration.ofSeconds(5)).until(() -> audit.sinkFailure() != null);
        for (int i = 1; i <= 20; i++) {
            audit.record(event(i)); // never blocks, whatever the sink does
        }

        assertNotNull(audit.sinkFailure());
        assertTrue(audit.droppedTotal() >= 16, "4 wait in the queue, the rest are dropped and counted: " + audit.droppedTotal());
        assertEquals((double) audit.droppedTotal(), registry.get("clearance.audit.events").tag("outcome", "dropped").counter().count());
        assertEquals(21, audit.query(e -> true, 100).size(), "the query window keeps every event");

        Files.delete(notADirectory);
        await("the sink recovers once it can write again").atMost(Duration.ofSeconds(5)).until(() -> audit.sinkFailure() == null);
        List<String> lines = Files.readAllLines(notADirectory.resolve("audit.jsonl"));
        assertTrue(lines.size() >= 1 && lines.get(0).contains("\"fp0\""));
    }
}
