import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;

/**
 * A stand-in API server for bench/proxy.sh (run as `java bench/ProxyUpstream.java PORT`): a pod list of about 1 KiB
 * for small GETs, and /big?bytes=N streaming N bytes for throughput. Only for loopback benchmarks.
 */
public class ProxyUpstream {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        StringBuilder list = new StringBuilder("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[");
        for (int i = 0; i < 8; i++) {
            list.append(i == 0 ? "" : ",").append("{\"metadata\":{\"name\":\"web-").append(i)
                    .append("\",\"namespace\":\"bench\",\"uid\":\"0000-").append(i).append("\"},\"status\":{\"phase\":\"Running\"}}");
        }
        byte[] pods = list.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'x');
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (exchange.getRequestURI().getPath().equals("/big") && query != null && query.startsWith("bytes=")) {
                long n = Long.parseLong(query.substring(6));
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, n);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long left = n; left > 0; left -= piece.length) {
                        out.write(piece, 0, (int) Math.min(piece.length, left));
                    }
                }
                return;
            }
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, pods.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pods);
            }
        });
        server.start();
    }
}
