package dev.clearance.token;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every trusted issuer has a key set. A rollout whose configuration names an unreachable issuer
 * therefore stalls instead of replacing working replicas; the data says which issuer lacks keys and why, and which
 * JCA provider verifies each family of signatures ({@code "signatures"}: whether the native one is in use).
 */
@Readiness
@ApplicationScoped
public class IssuerKeysHealthCheck implements HealthCheck {

    private final TrustedIssuers issuers;
    private final SignatureProviderChoice signatures;

    IssuerKeysHealthCheck(TrustedIssuers issuers, SignatureProviderChoice signatures) {
        this.issuers = issuers;
        this.signatures = signatures;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("issuer-keys").up()
                .withData("signatures", signatures.current().describe());
        for (Map.Entry<String, TrustedIssuers.KeyState> e : issuers.keyStates().entrySet()) {
            TrustedIssuers.KeyState state = e.getValue();
            if (state.keys() == 0) {
                response.down().withData(e.getKey(), "no keys yet from " + state.source()
                        + (state.lastError() == null ? "" : ": " + state.lastError()));
            } else {
                response.withData(e.getKey(), state.keys() + " keys, fetched " + state.fetchedAt()
                        + (state.lastError() == null ? "" : "; last refresh failed: " + state.lastError()));
            }
        }
        return response.build();
    }
}
