package dev.clearance.audit;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the audit sink fails to write; always reports queued and dropped events. */
@Readiness
@ApplicationScoped
public class AuditHealthCheck implements HealthCheck {

    private final AuditLog audit;

    AuditHealthCheck(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public HealthCheckResponse call() {
        String failure = audit.sinkFailure();
        return HealthCheckResponse.named("audit-sink").status(failure == null)
                .withData("queued", audit.queued())
                .withData("dropped", audit.droppedTotal())
                .withData("failure", failure == null ? "none" : failure)
                .build();
    }
}
