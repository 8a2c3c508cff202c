package dev.clearance.authz;

import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.KubernetesNamespaceDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** With {@code namespace-source=kubernetes}: ready once the namespace informer has synced. */
@Readiness
@ApplicationScoped
public class NamespacesHealthCheck implements HealthCheck {

    private final AuthzConfig config;
    private final KubernetesNamespaceDirectory directory;

    NamespacesHealthCheck(AuthzConfig config, KubernetesNamespaceDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        if (!"kubernetes".equals(config.namespaceSource())) {
            return HealthCheckResponse.named("group-namespaces").up().withData("source", config.namespaceSource()).build();
        }
        return HealthCheckResponse.named("group-namespaces").status(directory.synced())
                .withData("source", "kubernetes")
                .withData("groupNamespaces", directory.size())
                .build();
    }
}
