package dev.clearance.certs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs certs/make-certs.sh before the application starts and serves HTTPS with what it made, requiring a client
 * certificate signed by the same CA (mTLS), as an operator following the README would.
 */
public class GeneratedCertsResource implements QuarkusTestResourceLifecycleManager {

    public static final int HTTPS_PORT = 8444;
    public static final String DIR_PROPERTY = "test.certs.dir";

    @Override
    public Map<String, String> start() {
        try {
            Path out = Files.createTempDirectory("clearance-certs");
            Process script = new ProcessBuilder("bash", "certs/make-certs.sh", "--out", out.toString(), "--dns", "localhost",
                    "--ip", "127.0.0.1", "--client", "--url", "https://localhost:" + HTTPS_PORT).redirectErrorStream(true).start();
            String log = new String(script.getInputStream().readAllBytes());
            if (!script.waitFor(60, TimeUnit.SECONDS) || script.exitValue() != 0) {
                throw new IllegalStateException("certs/make-certs.sh failed: " + log);
            }
            return Map.of(
                    DIR_PROPERTY, out.toString(),
                    "quarkus.http.test-ssl-port", String.valueOf(HTTPS_PORT),
                    "quarkus.http.tls-configuration-name", "webhooks",
                    "quarkus.tls.webhooks.key-store.pem.a.cert", out.resolve("tls.crt").toString(),
                    "quarkus.tls.webhooks.key-store.pem.a.key", out.resolve("tls.key").toString(),
                    "quarkus.tls.webhooks.trust-store.pem.certs", out.resolve("ca.crt").toString(),
                    "quarkus.tls.webhooks.reload-period", "1s",
                    "clearance.tls.require-client-certificate", "true");
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test certificates", e);
        }
    }

    @Override
    public void stop() {
    }
}
