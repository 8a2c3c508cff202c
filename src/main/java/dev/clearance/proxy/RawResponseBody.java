package dev.clearance.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;

/**
 * The body of an answer read off a raw connection (an upgrade the API server refused, RBAC's {@code 403} say), written
 * to the client as it arrives with back-pressure: delimited by {@code Content-Length}, by chunks (decoded, and
 * re-chunked by Vert.x), or by the connection's close.
 */
final class RawResponseBody {

    /** How the body ends: after {@code Content-Length} bytes, after the last chunk, or when the connection closes. */
    private enum Delimiter { LENGTH, CHUNKED, CLOSE }

    private final HttpServerResponse out;
    private final NetSocket from;
    private final Delimiter delimiter;
    private final RawHttp.ChunkedDecoder chunked;
    private long remaining;

    private RawResponseBody(HttpServerResponse out, NetSocket from, Delimiter delimiter, long length) {
        this.out = out;
        this.from = from;
        this.delimiter = delimiter;
        this.remaining = length;
        this.chunked = delimiter == Delimiter.CHUNKED ? new RawHttp.ChunkedDecoder(this::write) : null;
    }

    /**
     * How the body of an answer with these headers ends; the client's response is made chunked unless the length is
     * known.
     *
     * @throws IllegalArgumentException when {@code Content-Length} is not a length
     */
    static RawResponseBody of(MultiMap headers, HttpServerResponse out, NetSocket from) {
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw new IllegalArgumentException("the API server sent Content-Length " + length);
            }
            return new RawResponseBody(out, from, Delimiter.LENGTH, n);
        }
        out.setChunked(true);
        boolean chunked = headers.contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
        return new RawResponseBody(out, from, chunked ? Delimiter.CHUNKED : Delimiter.CLOSE, -1);
    }

    /**
     * Writes what {@code buf} holds of the body.
     *
     * @return whether the body is complete (bytes after it are dropped)
     * @throws IllegalArgumentException when a chunk is malformed
     */
    boolean feed(Buffer buf) {
        switch (delimiter) {
            case CHUNKED -> {
                chunked.feed(buf);
                return chunked.done();
            }
            case LENGTH -> {
                int n = (int) Math.min(remaining, buf.length());
                write(n == buf.length() ? buf : buf.getBuffer(0, n));
                remaining -= n;
                return remaining == 0;
            }
            default -> {
                write(buf);
                return false;
            }
        }
    }

    /** Whether the connection's close is the body's proper end, rather than cutting it short. */
    boolean endsByClose() {
        return delimiter == Delimiter.CLOSE;
    }

    private void write(Buffer data) {
        if (data.length() == 0) {
            return;
        }
        out.write(data);
        if (out.writeQueueFull()) {
            from.pause();
            out.drainHandler(v -> from.resume());
        }
    }
}
