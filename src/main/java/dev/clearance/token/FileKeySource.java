package dev.clearance.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A JWKS file on disk (air-gapped clusters). Re-read on every refresh, so a replaced file is picked up. */
final class FileKeySource implements KeySource {

    private final Path path;
    private final Executor executor;

    FileKeySource(Path path, Executor executor) {
        this.path = path;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<String> fetch() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (Files.size(path) > HttpKeySource.MAX_DOCUMENT_BYTES) {
                    throw new IOException(path + " is larger than " + HttpKeySource.MAX_DOCUMENT_BYTES + " bytes");
                }
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }, executor);
    }

    @Override
    public String describe() {
        return "file " + path;
    }
}
