package dev.clearance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    @TempDir
    Path dir;

    @Test
    void rotatesBySizeAndKeepsABoundedNumberOfFiles() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        FileSink sink = new FileSink(file, 100, 2);
        String line = "x".repeat(39) + "\n"; // 40 bytes: two lines fit, the third rotates

        for (int i = 0; i < 9; i++) {
            sink.write(line);
        }
        sink.close();

        assertEquals(40, Files.size(file), "9 lines = 4 full files of 2 lines and 1 line in the current one");
        assertEquals(80, Files.size(sink.rotated(1)));
        assertEquals(80, Files.size(sink.rotated(2)));
        assertFalse(Files.exists(sink.rotated(3)), "only max-files rotated files are kept");
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "y".repeat(90) + "\n");
        FileSink sink = new FileSink(file, 100, 1);

        sink.write("z\n".repeat(10));
        sink.close();

        assertTrue(Files.readString(sink.rotated(1)).startsWith("yyy"));
        assertEquals(20, Files.size(file));
    }

    @Test
    void reopensAfterAFailedWrite() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        FileSink sink = new FileSink(blocked.resolve("audit.jsonl"), 100, 1);
        boolean failed = false;
        try {
            sink.write("a\n");
        } catch (java.io.IOException e) {
            failed = true;
        }
        Files.delete(blocked);

        sink.write("b\n");
        sink.close();

        assertTrue(failed);
        assertEquals("b\n", Files.readString(blocked.resolve("audit.jsonl")));
    }
}
