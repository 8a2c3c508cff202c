package dev.clearance.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clearance.config.AuditConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An audit log without a sink, for unit tests of other features that need one to write to and read back. */
public final class TestAuditLogs {

    record Config(String sink, int buffer, AuditConfig.File file, AuditConfig.Query query) implements AuditConfig {}

    record Query(boolean enabled, int window) implements AuditConfig.Query {}

    private TestAuditLogs() {}

    public static AuditLog inMemory() {
        return new AuditLog(new Config("none", 16, null, new Query(true, 1000)), new ObjectMapper().registerModule(new JavaTimeModule()),
                new SimpleMeterRegistry());
    }

    /** Every event recorded so far, oldest first. */
    public static List<AuditEvent> events(AuditLog log) {
        List<AuditEvent> events = new ArrayList<>(log.query(e -> true, 1000));
        Collections.reverse(events);
        return events;
    }
}
