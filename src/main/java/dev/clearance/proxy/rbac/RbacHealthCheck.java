package dev.clearance.proxy.rbac;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code proxy-rbac}: with the reconciler running, ready once a full resync has applied the cluster-wide objects and
 * listed clearance's RoleBindings; namespaces that keep failing are reported (and retried) without making it DOWN, so
 * one conflicting namespace cannot take the proxy out of service. Always UP when the reconciler is not running.
 */
@Readiness
@ApplicationScoped
public class RbacHealthCheck implements HealthCheck {

    private final RbacReconciler reconciler;

    RbacHealthCheck(RbacReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public HealthCheckResponse call() {
        RbacStatus status = reconciler.status();
        if (!status.enabled()) {
            return HealthCheckResponse.named("proxy-rbac").up().withData("enabled", false).build();
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("proxy-rbac").status(status.firstResyncDone())
                .withData("enabled", true)
                .withData("apiResources", status.apiResources())
                .withData("failing", status.failing())
                .withData("lastFullResync", status.lastFullResync() == null ? "never" : status.lastFullResync().toString())
                .withData("lastError", status.lastError() == null ? "none" : status.lastError());
        if (status.lastErrorAt() != null) {
            response.withData("lastErrorAt", status.lastErrorAt().toString());
        }
        return response.build();
    }
}
