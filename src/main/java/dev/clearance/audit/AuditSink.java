package dev.clearance.audit;

import java.io.IOException;

/** Where JSON lines go. Called from the single audit writer thread only. */
interface AuditSink extends AutoCloseable {

    /** Writes complete lines, each ending in a newline. */
    void write(String lines) throws IOException;

    @Override
    void close();
}
