package dev.clearance.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local HTTPS issuer for tests: serves discovery and JWKS for several issuers under their own paths
 * ({@code /<name>/.well-known/openid-configuration}, {@code /<name>/jwks}), with a certificate from the test CA.
 * Tests steer it over HTTP, so it works whatever class loader they run in:
 * {@code POST /admin/<name>/keys?set=rsa-1,rsa-2}, {@code POST /admin/<name>/outage?on=true},
 * {@code GET /admin/<name>/fetches}.
 */
public final class JwksTestServer implements AutoCloseable {

    private static final Map<String, TestKeys.TestKey> KEYS = Map.of(
            "rsa-1", TestKeys.RSA_1, "rsa-2", TestKeys.RSA_2, "ec-p256", TestKeys.EC_P256, "ed25519", TestKeys.ED25519);

    private final HttpsServer server;
    private final Map<String, String> jwks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> outage = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    public JwksTestServer() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = JwksTestServer.class.getClassLoader().getResourceAsStream("keys/tls-server.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jwks-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves an issuer under {@code /<name>} with the given keys. */
    public JwksTestServer issuer(String name, String... keyNames) {
        jwks.put(name, jwksOf(List.of(keyNames)));
        outage.put(name, false);
        fetches.put(name, new AtomicInteger());
        return this;
    }

    /** Makes an issuer answer 503 to everything until switched back. */
    public JwksTestServer outage(String name, boolean on) {
        outage.put(name, on);
        return this;
    }

    public String issuerUrl(String name) {
        return "https://localhost:" + server.getAddress().getPort() + "/" + name;
    }

    public String baseUrl() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        try (exchange) {
            if (path.length >= 4 && path[1].equals("admin") && jwks.containsKey(path[2])) {
                admin(exchange, path[2], path[3]);
            } else if (path.length >= 3 && jwks.containsKey(path[1])) {
                serve(exchange, path[1], exchange.getRequestURI().getPath().substring(path[1].length() + 1));
            } else {
                send(exchange, 404, "{}");
            }
        }
    }

    private void serve(HttpExchange exchange, String name, String rest) throws IOException {
        if (outage.get(name)) {
            send(exchange, 503, "{\"error\":\"down\"}");
        } else if (rest.equals("/.well-known/openid-configuration")) {
            send(exchange, 200, "{\"issuer\":\"" + issuerUrl(name) + "\",\"jwks_uri\":\"" + issuerUrl(name) + "/jwks\"}");
        } else if (rest.equals("/jwks")) {
            fetches.get(name).incrementAndGet();
            send(exchange, 200, jwks.get(name));
        } else {
            send(exchange, 404, "{}");
        }
    }

    private void admin(HttpExchange exchange, String name, String action) throws IOException {
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        switch (action) {
            case "keys" -> {
                jwks.put(name, jwksOf(List.of(query.replace("set=", "").split(","))));
                send(exchange, 200, "{}");
            }
            case "outage" -> {
                outage.put(name, query.contains("on=true"));
                send(exchange, 200, "{}");
            }
            case "fetches" -> send(exchange, 200, String.valueOf(fetches.get(name).get()));
            default -> send(exchange, 404, "{}");
        }
    }

    private static String jwksOf(List<String> names) {
        List<TestKeys.TestKey> keys = new ArrayList<>();
        for (String n : names) {
            keys.add(KEYS.get(n));
        }
        return TestKeys.jwks(keys.toArray(TestKeys.TestKey[]::new));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
