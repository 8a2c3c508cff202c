package dev.clearance.proxy;

import dev.clearance.certs.GeneratedCertsResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The proxy on HTTPS with a serving certificate made by certs/make-certs.sh, as an operator would run it. */
public class ProxyTlsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path out = Files.createTempDirectory("clearance-proxy-certs");
            Process script = new ProcessBuilder("bash", "certs/make-certs.sh", "--out", out.toString(), "--dns", "localhost",
                    "--ip", "127.0.0.1").redirectErrorStream(true).start();
            String log = new String(script.getInputStream().readAllBytes());
            if (!script.waitFor(60, TimeUnit.SECONDS) || script.exitValue() != 0) {
                throw new IllegalStateException("certs/make-certs.sh failed: " + log);
            }
            return Map.of(
                    GeneratedCertsResource.DIR_PROPERTY, out.toString(),
                    "quarkus.tls.proxy.key-store.pem.a.cert", out.resolve("tls.crt").toString(),
                    "quarkus.tls.proxy.key-store.pem.a.key", out.resolve("tls.key").toString(),
                    "clearance.proxy.enabled", "true",
                    "clearance.proxy.tls-configuration-name", "proxy",
                    "clearance.proxy.port", "0");
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the proxy's certificates", e);
        }
    }

    @Override
    public void stop() {
    }
}
