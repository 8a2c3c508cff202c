package dev.clearance.token;

import dev.clearance.config.IssuerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Builds a {@link JwsTokenVerifier} over fake key sources, keys already loaded, for unit tests. */
final class Verifiers {

    static final ScheduledExecutorService NO_BACKGROUND = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        return t;
    });

    record Setup(JwsTokenVerifier verifier, List<IssuerKeys> keys) {}

    static Setup build(Clock clock, int maxTokenBytes, int maxGroups, Object... configAndSource) {
        List<TrustedIssuer> issuers = new ArrayList<>();
        List<IssuerKeys> keys = new ArrayList<>();
        for (int i = 0; i < configAndSource.length; i += 2) {
            IssuerSettings settings = IssuerSettings.from("issuer" + i / 2, (IssuerConfig) configAndSource[i]);
            IssuerKeys issuerKeys = new IssuerKeys(settings, (KeySource) configAndSource[i + 1], clock, NO_BACKGROUND);
            issuerKeys.refetch().join();
            keys.add(issuerKeys);
            issuers.add(new TrustedIssuer(settings, issuerKeys));
        }
        return new Setup(new JwsTokenVerifier(issuers, clock, maxTokenBytes, maxGroups, null), keys);
    }

    private Verifiers() {}
}
