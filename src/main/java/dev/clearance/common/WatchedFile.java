package dev.clearance.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A configuration file read again every poll interval, and reported to a listener whenever what it holds changes
 * (its bytes, or the reason it cannot be read). Polling by path and comparing content is what survives a mounted
 * ConfigMap, which kubelet updates by swapping a symlink: file events and modification times both miss that.
 */
public final class WatchedFile implements AutoCloseable {

    /** Larger files are refused: a configuration file is small, and reading must stay bounded. */
    public static final int MAX_BYTES = 1 << 20;

    /** What one read of the file found. */
    public sealed interface Reading {
        /** @param sha256 the lower-case hex SHA-256 of the content */
        record Content(byte[] bytes, String sha256) implements Reading {}

        /** @param reason a sentence: missing, unreadable, too large */
        record Unreadable(String reason) implements Reading {}

        /** What two readings are compared by: the content hash, or the reason. */
        default String identity() {
            return this instanceof Content c ? "sha256:" + c.sha256() : "error:" + ((Unreadable) this).reason();
        }
    }

    private final Path path;
    private final Consumer<Reading> listener;
    private final ScheduledFuture<?> task;
    private String last;

    /**
     * Starts polling; the first poll happens after one interval, so read the file once yourself at start-up and
     * pass that reading as {@code initial}.
     */
    public WatchedFile(Path path, Reading initial, Duration interval, ScheduledExecutorService scheduler,
            Consumer<Reading> listener) {
        this.path = path;
        this.listener = listener;
        this.last = initial.identity();
        long millis = Math.max(1, interval.toMillis());
        this.task = scheduler.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the file now, bounded to {@link #MAX_BYTES}. Never throws. */
    public static Reading read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return new Reading.Unreadable(path + " is larger than " + MAX_BYTES + " bytes");
            }
            return new Reading.Content(bytes, sha256(bytes));
        } catch (NoSuchFileException e) {
            return new Reading.Unreadable(path + " does not exist");
        } catch (IOException | RuntimeException e) {
            return new Reading.Unreadable("cannot read " + path + ": "
                    + Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void poll() {
        try {
            Reading reading = read(path);
            String identity = reading.identity();
            if (!identity.equals(last)) {
                last = identity;
                listener.accept(reading);
            }
        } catch (RuntimeException e) {
            // a listener's bug must not cancel the schedule (scheduleWithFixedDelay stops on an exception)
            BUGS.failed("watching " + path + " failed", e);
        }
    }

    private static final BugLog BUGS = new BugLog(WatchedFile.class);

    @Override
    public void close() {
        task.cancel(false);
    }
}
