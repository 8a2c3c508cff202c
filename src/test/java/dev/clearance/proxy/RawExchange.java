package dev.clearance.proxy;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;

/** One request written by hand on a fresh connection, for what HTTP clients will not send (upgrades, hop headers). */
final class RawExchange {

    record Answer(String head, String body, String tunnelled) {}

    private RawExchange() {}

    /**
     * Sends {@code request}; after a {@code 101}, writes {@code tunnelIn} and reads back the API server's greeting and
     * the echo ({@code "ready\n" + tunnelIn}).
     */
    static Answer send(int port, String request, String tunnelIn) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead(in);
            if (head.startsWith("HTTP/1.1 101")) {
                if (tunnelIn != null) {
                    out.write(tunnelIn.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                String expectedLength = "ready\n" + (tunnelIn == null ? "" : tunnelIn);
                byte[] tunnelled = readAtLeast(in, expectedLength.getBytes(StandardCharsets.UTF_8).length);
                return new Answer(head, "", new String(tunnelled, StandardCharsets.UTF_8));
            }
            String body = "";
            int length = contentLength(head);
            if (length >= 0) {
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            } else if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = readChunked(in);
            }
            return new Answer(head, body, "");
        }
    }

    /**
     * Reads until {@code n} bytes have arrived; when they do not within 5 s, fails naming what did arrive (so a test
     * that expects the tunnel's bytes sees what it got instead).
     */
    private static byte[] readAtLeast(InputStream in, int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Awaitility.await("the tunnel's " + n + " bytes").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> readAvailable(in, got), Matchers.matchesPattern("(?s).{" + n + ",}"));
        return got.toByteArray();
    }

    /** What has arrived so far, reading only what is there without blocking. */
    private static String readAvailable(InputStream in, ByteArrayOutputStream got) throws IOException {
        byte[] buffer = new byte[4096];
        int available;
        while ((available = in.available()) > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, available));
            if (read < 0) {
                break;
            }
            got.write(buffer, 0, read);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) {
                readLine(in);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(5)).until(condition::getAsBoolean);
    }
}
