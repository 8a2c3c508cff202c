package dev.clearance.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain-HTTP stand-in for the API server, for what the Kubernetes mock server cannot show: it answers from raw
 * sockets, so it sees every header byte as sent and can stream a watch event by event, upgrade {@code GET} and
 * {@code POST} alike and echo the tunnelled bytes, and stall on purpose.
 *
 * <ul>
 *   <li>{@code ?watch=true}: a chunked watch that writes each line put into {@link #watchEvents(String)} as it comes;
 *       the line {@code END} ends it;</li>
 *   <li>{@code Connection: Upgrade}: {@code 101}, then every byte is echoed back; paths containing {@code forbidden}
 *       answer 403 instead (with {@code Content-Length}, or chunked when the path contains {@code chunked});</li>
 *   <li>{@code /big?bytes=N}: N bytes, written in 64 KiB pieces;</li>
 *   <li>{@code /stall}: never answers;</li>
 *   <li>anything else: 200 with the request echoed as JSON.</li>
 * </ul>
 */
public final class ScriptedApiServer implements AutoCloseable {

    /** One request as it arrived. */
    public record Seen(String method, String uri, List<Map.Entry<String, String>> headers, int bodyBytes) {
        public List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values.add(header.getValue());
                }
            }
            return values;
        }

        public List<String> names() {
            return headers.stream().map(Map.Entry::getKey).toList();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ServerSocket socket;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<String>> watches = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch shutdown = new java.util.concurrent.CountDownLatch(1);

    public ScriptedApiServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-api-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    public List<Seen> seen() {
        return seen;
    }

    /** The queue feeding the watch on {@code path} (without the query). */
    public BlockingQueue<String> watchEvents(String path) {
        return watches.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    private void accept() {
        while (!closed) {
            try {
                Socket connection = socket.accept();
                open.add(connection);
                Thread worker = new Thread(() -> serve(connection), "scripted-api-server-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                String method = requestLine[0];
                String uri = requestLine[1];
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
                }
                Seen request = new Seen(method, uri, headers, 0);
                int body = readBody(in, request);
                request = new Seen(method, uri, headers, body);
                String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
                if (path.startsWith("/__control/")) {
                    control(path, uri, out);
                    continue;
                }
                seen.add(request);
                String connectionHeader = String.join(",", request.all("Connection")).toLowerCase(Locale.ROOT);
                if (connectionHeader.contains("upgrade")) {
                    upgrade(request, path, in, out);
                    return;
                }
                if (uri.contains("watch=true")) {
                    watch(path, out);
                    return;
                }
                if (path.equals("/stall")) {
                    shutdown.await(); // answers nothing until the server is closed
                }
                if (path.equals("/big")) {
                    big(Long.parseLong(uri.substring(uri.indexOf("bytes=") + 6)), out);
                    continue;
                }
                echo(request, out);
            }
        } catch (IOException | InterruptedException e) {
            // the proxy went away: fine
        }
    }

    /**
     * The test's side door, used directly (never through the proxy), since the application under test and the test
     * may not share classes: {@code /__control/seen} lists requests as JSON, {@code /__control/reset} forgets them,
     * {@code /__control/watch?path=P&event=E} feeds the watch on P.
     */
    private void control(String path, String uri, OutputStream out) throws IOException {
        String answer = "{}";
        if (path.equals("/__control/seen")) {
            answer = MAPPER.writeValueAsString(seen.stream().map(r -> Map.of("method", r.method(), "uri", r.uri(), "bodyBytes",
                    r.bodyBytes(), "headers", r.headers().stream().map(h -> List.of(h.getKey(), h.getValue())).toList())).toList());
        } else if (path.equals("/__control/reset")) {
            seen.clear();
        } else if (path.equals("/__control/watch")) {
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            watchEvents(query.get("path")).add(query.get("event"));
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n");
        out.write(bytes);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        String head = RawExchange.readHead(in);
        return head.endsWith("\r\n\r\n") ? head.substring(0, head.length() - 4) : null;
    }

    private static int readBody(InputStream in, Seen request) throws IOException {
        List<String> length = request.all("Content-Length");
        if (!length.isEmpty()) {
            int n = Integer.parseInt(length.get(0));
            return in.readNBytes(n).length;
        }
        if (String.join(",", request.all("Transfer-Encoding")).toLowerCase(Locale.ROOT).contains("chunked")) {
            int total = 0;
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return total;
                }
                total += in.readNBytes(n).length;
                readLine(in);
            }
        }
        return 0;
    }

    private static String readLine(InputStream in) throws IOException {
        return RawExchange.readLine(in);
    }

    private void upgrade(Seen request, String path, InputStream in, OutputStream out) throws IOException {
        if (path.contains("forbidden")) {
            String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                    + "\"message\":\"pods \\\"web\\\" is forbidden: cannot create resource pods/exec\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (path.contains("chunked")) {
                write(out, "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                int half = bytes.length / 2;
                writeChunk(out, java.util.Arrays.copyOfRange(bytes, 0, half));
                writeChunk(out, java.util.Arrays.copyOfRange(bytes, half, bytes.length));
                write(out, "0\r\n\r\n");
            } else {
                write(out, "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n");
                out.write(bytes);
            }
            out.flush();
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ")
                .append(request.all("Upgrade").get(0)).append("\r\n");
        List<String> key = request.all("Sec-WebSocket-Key");
        if (!key.isEmpty()) {
            head.append("Sec-WebSocket-Accept: ").append(websocketAccept(key.get(0))).append("\r\n");
        }
        List<String> protocols = request.all("X-Stream-Protocol-Version");
        if (!protocols.isEmpty()) {
            head.append("X-Stream-Protocol-Version: ").append(protocols.get(0)).append("\r\n");
        }
        write(out, head.append("\r\n").toString());
        // a greeting sent in the same packet as the head: the proxy must not lose bytes that come with the 101
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static String websocketAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void watch(String path, OutputStream out) throws IOException, InterruptedException {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        out.flush();
        BlockingQueue<String> events = watchEvents(path);
        while (!closed) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            if (event.equals("END")) {
                write(out, "0\r\n\r\n");
                out.flush();
                return;
            }
            writeChunk(out, (event + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void big(long bytes, OutputStream out) throws IOException {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bytes + "\r\n\r\n");
        byte[] piece = new byte[64 * 1024];
        java.util.Arrays.fill(piece, (byte) 'x');
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(piece.length, left);
            out.write(piece, 0, n);
            left -= n;
        }
        out.flush();
    }

    private static void echo(Seen request, OutputStream out) throws IOException {
        StringBuilder json = new StringBuilder("{\"kind\":\"Echo\",\"method\":\"").append(request.method()).append("\",\"uri\":\"")
                .append(request.uri().replace("\"", "%22")).append("\",\"bodyBytes\":").append(request.bodyBytes()).append("}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Upstream: scripted\r\nContent-Length: " + bytes.length
                + "\r\n\r\n");
        out.write(bytes);
        out.flush();
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        write(out, Integer.toHexString(data.length) + "\r\n");
        out.write(data);
        write(out, "\r\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        shutdown.countDown();
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
    }
}
