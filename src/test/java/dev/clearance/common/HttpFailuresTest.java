package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** What the HTTP layer refuses is a 400 Status, logged at DEBUG: never a stack trace, never an ERROR line. */
@QuarkusTest
class HttpFailuresTest {

    static final Path LOG = Path.of("target/audit-test/clearance.log");

    @Test
    void anUnparsableHostHeaderGets400AsAStatusAndNoErrorLine() throws IOException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        String marker = "/q/health/live?probe=" + System.nanoTime();
        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + marker + " HTTP/1.1\r\nHost: exa mple[::\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("\"kind\":\"Status\"") && answer.contains("request_invalid"), answer);
        assertFalse(answer.contains("stack") || answer.contains("at io."), "no internals reach the client: " + answer);
        String log = Files.exists(LOG) ? Files.readString(LOG) : "";
        assertFalse(log.lines().anyMatch(line -> line.contains("ERROR") && line.contains("Host")),
                "a client's malformed request is not an ERROR");
    }
}
