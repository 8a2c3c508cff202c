package dev.clearance.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedFileTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void readsContentWithItsHashAndSaysWhyAFileCannotBeRead() throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), "abc");

        WatchedFile.Reading reading = WatchedFile.read(file);

        WatchedFile.Reading.Content content = assertInstanceOf(WatchedFile.Reading.Content.class, reading);
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), content.bytes());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", content.sha256());
        assertEquals("sha256:" + content.sha256(), reading.identity());
        assertTrue(((WatchedFile.Reading.Unreadable) WatchedFile.read(dir.resolve("missing"))).reason().contains("does not exist"));
        Files.write(dir.resolve("big"), new byte[WatchedFile.MAX_BYTES + 1]);
        assertTrue(((WatchedFile.Reading.Unreadable) WatchedFile.read(dir.resolve("big"))).reason().contains("larger than"));
        assertInstanceOf(WatchedFile.Reading.Unreadable.class, WatchedFile.read(dir));
    }

    @Test
    void reportsEachChangeOnceIncludingASymlinkSwapAsKubeletDoesIt() throws Exception {
        // kubelet's layout: file -> ..data/file, ..data -> ..<timestamp>; an update swaps ..data atomically
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(v1.resolve("config.yaml"), "one");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data/config.yaml"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WatchedFile watch = new WatchedFile(file, WatchedFile.read(file), Duration.ofMillis(20), scheduler,
                r -> seen.add(r instanceof WatchedFile.Reading.Content c ? new String(c.bytes(), StandardCharsets.UTF_8) : "unreadable"))) {
            Path v2 = Files.createDirectory(dir.resolve("..v2"));
            Files.writeString(v2.resolve("config.yaml"), "two");
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("two")));

            Files.delete(dir.resolve("..data"));
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("two", "unreadable")));

            Files.createSymbolicLink(dir.resolve("..data"), v2.getFileName());
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("two", "unreadable", "two")));
        }
    }

    /** Replaces the file in one step: a plain rewrite truncates first, and a poll in between would see it empty. */
    private static void replace(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aFailingListenerDoesNotStopTheWatch() throws Exception {
        Path file = Files.writeString(dir.resolve("a"), "1");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WatchedFile watch = new WatchedFile(file, WatchedFile.read(file), Duration.ofMillis(20), scheduler, r -> {
            seen.add(((WatchedFile.Reading.Content) r).sha256());
            if (seen.size() == 1) {
                throw new IllegalStateException("a listener bug");
            }
        })) {
            replace(file, "2");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            replace(file, "3");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        }
    }
}
