package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {

    @Test
    void aResponseHeadParsesWithRepeatedHeaders() {
        Buffer raw = Buffer.buffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\nX-A: 1\r\nx-a: 2\r\n\r\nframes");
        int end = RawHttp.headEnd(raw);
        assertEquals(raw.length() - "frames".length(), end);
        RawHttp.ResponseHead head = RawHttp.parseResponseHead(raw.getBuffer(0, end));
        assertEquals(101, head.status());
        assertEquals("Switching Protocols", head.reason());
        assertEquals(java.util.List.of("1", "2"), head.headers().getAll("X-A"));
    }

    @Test
    void anIncompleteHeadIsNotEnded() {
        assertEquals(-1, RawHttp.headEnd(Buffer.buffer("HTTP/1.1 200 OK\r\nA: b\r\n")));
    }

    @Test
    void garbageIsNoHead() {
        assertThrows(IllegalArgumentException.class, () -> RawHttp.parseResponseHead(Buffer.buffer("SSH-2.0-OpenSSH\r\n\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RawHttp.parseResponseHead(Buffer.buffer("HTTP/1.1 abc OK\r\n\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RawHttp.parseResponseHead(Buffer.buffer("HTTP/1.1 200 OK\r\nnocolon\r\n\r\n")));
    }

    @Test
    void chunksDecodeWhateverTheyAreSplitInto() {
        String encoded = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
        for (int split = 1; split < encoded.length(); split++) {
            StringBuilder out = new StringBuilder();
            RawHttp.ChunkedDecoder decoder = new RawHttp.ChunkedDecoder(b -> out.append(b.toString(StandardCharsets.UTF_8)));
            decoder.feed(Buffer.buffer(encoded.substring(0, split)));
            decoder.feed(Buffer.buffer(encoded.substring(split)));
            assertEquals("hello world", out.toString(), "split at " + split);
            assertTrue(decoder.done());
        }
    }

    @Test
    void aBadChunkSizeIsRefused() {
        RawHttp.ChunkedDecoder decoder = new RawHttp.ChunkedDecoder(b -> {});
        assertThrows(IllegalArgumentException.class, () -> decoder.feed(Buffer.buffer("zz\r\n")));
    }
}
