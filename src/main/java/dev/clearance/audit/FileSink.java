package dev.clearance.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * JSON lines in a file, rotated by size: {@code audit.jsonl} is current, {@code audit.jsonl.1} the newest rotated
 * one, and no more than {@code maxFiles} rotated files are kept. A failed write closes the file so the next batch
 * opens it afresh (a deleted directory, a full disk that recovers).
 */
final class FileSink implements AuditSink {

    private final Path path;
    private final long maxSize;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    FileSink(Path path, long maxSize, int maxFiles) {
        this.path = path;
        this.maxSize = maxSize;
        this.maxFiles = maxFiles;
    }

    @Override
    public void write(String lines) throws IOException {
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + bytes.length > maxSize) {
                rotate();
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    private void rotate() throws IOException {
        close();
        Files.deleteIfExists(rotated(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles >= 1) {
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(path);
        }
        open();
    }

    Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more can be done for this file
            }
            out = null;
        }
    }
}
