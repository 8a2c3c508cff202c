package dev.clearance.proxy;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 heads written and read by hand, for upgrade requests only: Vert.x's client switches a connection to raw
 * bytes after {@code 101} only for {@code GET}, while client-go's SPDY executor upgrades with {@code POST}.
 */
final class RawHttp {

    /** A response head no larger than this is accepted from the API server. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private RawHttp() {}

    record ResponseHead(int status, String reason, MultiMap headers) {}

    static Buffer requestHead(String method, String uri, MultiMap headers) {
        StringBuilder head = new StringBuilder(512).append(method).append(' ').append(uri).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> header : headers) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        // header values already hold UTF-8 bytes as ISO-8859-1 characters (see Impersonation)
        return Buffer.buffer(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The index just past the blank line ending a head in {@code buf}, or -1 when the head is not complete. */
    static int headEnd(Buffer buf) {
        for (int i = 3; i < buf.length(); i++) {
            if (buf.getByte(i) == '\n' && buf.getByte(i - 1) == '\r' && buf.getByte(i - 2) == '\n' && buf.getByte(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** @throws IllegalArgumentException when the head is not an HTTP/1.x response head */
    static ResponseHead parseResponseHead(Buffer head) {
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String status = lines[0];
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new IllegalArgumentException("not an HTTP/1.x status line");
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no status code in the status line");
        }
        String reason = status.length() > 13 ? status.substring(13) : "";
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a header line without a name");
            }
            headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        return new ResponseHead(code, reason, headers);
    }

    /** Decodes a chunked body as it arrives; trailers are read and dropped. */
    static final class ChunkedDecoder {
        private enum State { SIZE, DATA, DATA_END, TRAILER, DONE }

        private final Handler<Buffer> data;
        private final StringBuilder line = new StringBuilder();
        private State state = State.SIZE;
        private long remaining;

        ChunkedDecoder(Handler<Buffer> data) {
            this.data = data;
        }

        boolean done() {
            return state == State.DONE;
        }

        /** @throws IllegalArgumentException on a malformed chunk */
        void feed(Buffer buf) {
            int i = 0;
            while (i < buf.length() && state != State.DONE) {
                if (state == State.DATA) {
                    int n = (int) Math.min(remaining, buf.length() - i);
                    data.handle(buf.getBuffer(i, i + n));
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                    continue;
                }
                char c = (char) (buf.getByte(i++) & 0xff);
                if (c != '\n') {
                    if (c != '\r') {
                        line.append(c);
                        if (line.length() > 4096) {
                            throw new IllegalArgumentException("a chunk line longer than 4096 bytes");
                        }
                    }
                    continue;
                }
                String complete = line.toString();
                line.setLength(0);
                switch (state) {
                    case SIZE -> {
                        int ext = complete.indexOf(';');
                        String hex = (ext >= 0 ? complete.substring(0, ext) : complete).trim();
                        try {
                            remaining = Long.parseLong(hex, 16);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("a chunk size that is not hexadecimal");
                        }
                        state = remaining == 0 ? State.TRAILER : State.DATA;
                    }
                    case DATA_END -> state = State.SIZE;
                    case TRAILER -> {
                        if (complete.isEmpty()) {
                            state = State.DONE;
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
        }
    }
}
