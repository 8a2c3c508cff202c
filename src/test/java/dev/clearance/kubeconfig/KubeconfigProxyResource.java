package dev.clearance.kubeconfig;

import dev.clearance.certs.GeneratedCertsResource;
import dev.clearance.proxy.ProxyTlsResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The proxy on HTTPS (certificates from certs/make-certs.sh) on a port known before start-up, so the kubeconfig's
 * default server ({@code https://localhost:<clearance.proxy.port>}) is the proxy itself; the kubeconfig names
 * {@code pw#dev}, embeds the generated CA and mints for alice in team-a and cluster-scope.
 */
public class KubeconfigProxyResource extends ProxyTlsResource {

    static final String CLUSTER = "pw#dev";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        Path dir = Path.of(config.get(GeneratedCertsResource.DIR_PROPERTY));
        config.put("clearance.proxy.port", String.valueOf(freePort()));
        config.put("clearance.kubeconfig.cluster-name", CLUSTER);
        config.put("clearance.kubeconfig.namespace", "team-a");
        config.put("clearance.kubeconfig.certificate-authority", dir.resolve("ca.crt").toString());
        config.put("clearance.kubeconfig.dev-groups", "team-a,cluster-scope");
        return config;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the proxy", e);
        }
    }
}
