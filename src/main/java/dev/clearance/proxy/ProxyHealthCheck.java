package dev.clearance.proxy;

import dev.clearance.config.ProxyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when proxy mode is off, or when its port listens and it is not draining; reports load either way. */
@Readiness
@ApplicationScoped
public class ProxyHealthCheck implements HealthCheck {

    private final ProxyServer proxy;
    private final ProxyConfig config;

    ProxyHealthCheck(ProxyServer proxy, ProxyConfig config) {
        this.proxy = proxy;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        if (!config.enabled()) {
            return HealthCheckResponse.named("proxy").up().withData("enabled", false).build();
        }
        boolean ready = proxy.listening() && !proxy.draining();
        return HealthCheckResponse.named("proxy").status(ready)
                .withData("enabled", true)
                .withData("port", proxy.port())
                .withData("inFlight", proxy.inFlight())
                .withData("streamsOpen", proxy.streamsOpen())
                .withData("draining", proxy.draining())
                .build();
    }
}
