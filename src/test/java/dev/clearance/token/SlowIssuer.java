package dev.clearance.token;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP issuer on loopback, written on raw sockets so that it can misbehave the way the JDK's own server
 * cannot: per path it answers promptly, answers late, sends a head and then stalls its body, or trickles the body
 * one byte every 100 ms without end. It counts requests per path and the connections the client gave up on, so a
 * test can see that a stalled exchange was abandoned (the connection released), not merely forgotten.
 */
final class SlowIssuer implements AutoCloseable {

    /** How one path answers. */
    sealed interface Behaviour {}

    /** 200 with this body at once, or after a delay. */
    record Serve(String body, Duration delay) implements Behaviour {}

    /** A 200 head announcing 5000 bytes, the first few of them, then nothing. */
    record StallAfterHead() implements Behaviour {}

    /** A 200 head announcing 5000 bytes, then one byte every 100 ms, never reaching the end. */
    record Trickle() implements Behaviour {}

    private static final String STALLED_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n";

    private final ServerSocket socket;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    private SlowIssuer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** A server listening on a free loopback port, every path answering 404 until told otherwise. */
    static SlowIssuer start() {
        try {
            SlowIssuer server = new SlowIssuer();
            daemon("slow-issuer-accept", server::acceptLoop).start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** The URL of a path on this server; the host is {@code localhost}, which plain http is allowed on. */
    URI url(String path) {
        return URI.create("http://localhost:" + socket.getLocalPort() + path);
    }

    SlowIssuer on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
        return this;
    }

    /** Requests seen for a path so far. */
    int requests(String path) {
        return requests.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    /** Stalled or trickling exchanges whose connection the client closed. */
    int abandoned() {
        return abandoned.get();
    }

    private void acceptLoop() {
        while (closed.getCount() > 0) {
            try {
                Socket connection = socket.accept();
                daemon("slow-issuer-connection", () -> answer(connection)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            while (true) {
                String path = readRequestPath(in);
                if (path == null) {
                    return;
                }
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Behaviour behaviour = behaviours.getOrDefault(path, new Serve(null, Duration.ZERO));
                if (behaviour instanceof Serve serve) {
                    if (!serve.delay().isZero() && closed.await(serve.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    byte[] body = (serve.body() == null ? "{}" : serve.body()).getBytes(StandardCharsets.UTF_8);
                    String status = serve.body() == null ? "404 Not Found" : "200 OK";
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } else {
                    out.write((STALLED_HEAD + "{\"keys\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    holdOpen(behaviour instanceof Trickle, in, out);
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        }
    }

    /** Keeps a stalled exchange open until the client closes its end (counted) or the server closes. */
    private void holdOpen(boolean trickle, InputStream in, OutputStream out) throws InterruptedException {
        try {
            if (trickle) {
                while (!closed.await(100, TimeUnit.MILLISECONDS)) {
                    out.write(' ');
                    out.flush();
                }
            } else if (in.read() < 0) {
                abandoned.incrementAndGet();
            }
        } catch (IOException clientClosed) {
            abandoned.incrementAndGet();
        }
    }

    /** The path of the next request on a connection, its head consumed; null at the end of the stream. */
    private static String readRequestPath(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                return requestLine.split(" ")[1];
            }
        }
        return null;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }
}
