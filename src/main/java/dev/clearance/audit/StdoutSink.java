package dev.clearance.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** JSON lines on standard output, for the cluster's log pipeline. Each batch is one write of whole lines. */
final class StdoutSink implements AuditSink {

    private final OutputStream out = new FileOutputStream(FileDescriptor.out);

    @Override
    public void write(String lines) throws IOException {
        out.write(lines.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        // standard output stays open for the logs
    }
}
