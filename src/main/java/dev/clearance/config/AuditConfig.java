package dev.clearance.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Audit events: {@code clearance.audit.*}. */
@ConfigMapping(prefix = "clearance.audit")
public interface AuditConfig {

    /** {@code stdout} (JSON lines, for the cluster's log pipeline), {@code file} (JSON lines, rotated) or {@code none}. */
    @WithDefault("stdout")
    String sink();

    /** Events waiting for the sink; when it is full, events are counted as dropped and reported. */
    @WithDefault("65536")
    int buffer();

    File file();

    Query query();

    interface File {
        /** The current file; rotated files get {@code .1}, {@code .2}, … */
        @WithDefault("/var/log/clearance/audit.jsonl")
        Path path();

        /** Size at which the file is rotated. */
        @WithDefault("100M")
        MemorySize maxSize();

        /** Rotated files kept besides the current one. */
        @WithDefault("10")
        int maxFiles();
    }

    interface Query {
        /** {@code GET /audit/events} for tokens of an admin group; false answers 404. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How many recent events the query can see. Each costs about a kilobyte of heap that lives long enough to be
         * promoted at thousands of reviews a second: 10,000 (the old default) kept old-generation collections going
         * in the shipped 64 MiB heap (bench/README.md).
         */
        @WithDefault("1000")
        int window();
    }
}
