package dev.clearance.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a {@link ScriptedApiServer} and points the proxy at it through a kubeconfig file, as an operator would
 * with {@code clearance.proxy.upstream.kubeconfig}. The test reaches the server at {@code test.scripted.url}.
 */
public class ScriptedApiServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String UPSTREAM_TOKEN = "proxy-service-account-token";

    private ScriptedApiServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedApiServer();
            Path kubeconfig = Files.createTempFile("clearance-upstream", ".kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: scripted
                      cluster:
                        server: %s
                    users:
                    - name: clearance-proxy
                      user:
                        token: %s
                    contexts:
                    - name: scripted
                      context:
                        cluster: scripted
                        user: clearance-proxy
                    current-context: scripted
                    """.formatted(server.url(), UPSTREAM_TOKEN));
            return Map.of(
                    "test.scripted.url", server.url(),
                    "clearance.proxy.enabled", "true",
                    "clearance.proxy.insecure-plain-http", "true",
                    "clearance.proxy.port", "0",
                    "clearance.proxy.upstream.kubeconfig", kubeconfig.toString(),
                    "clearance.proxy.upstream.response-header-timeout", "2s",
                    "clearance.issuers.static.uid-claim", "uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted API server", e);
        }
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
