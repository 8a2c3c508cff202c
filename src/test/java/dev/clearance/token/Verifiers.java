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

    /** The two start-up choices every signature test runs against, named for the test report. */
    record Providers(String name, SignatureProviders providers) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** native-crypto=true on this linux-x86_64 machine: ACCP must load, or the tests below would test nothing new. */
    static final Providers ACCP = accp();
    /** native-crypto=false: the JDK, BouncyCastle for ECDSA. */
    static final Providers FALLBACK = new Providers("JDK and BouncyCastle",
            SignatureProviders.choose(false, new AccpProvider(), SignatureProviderChoice::bouncyCastle).providers());

    static List<Providers> bothProviders() {
        return List.of(ACCP, FALLBACK);
    }

    private static Providers accp() {
        SignatureProviders.Choice choice = SignatureProviders.choose(true, new AccpProvider(), SignatureProviderChoice::bouncyCastle);
        if (choice.warning() != null || !choice.unsupported().isEmpty()) {
            throw new AssertionError("ACCP was expected to load here: " + choice);
        }
        return new Providers("ACCP", choice.providers());
    }

    static Setup build(Clock clock, int maxTokenBytes, int maxGroups, Object... configAndSource) {
        return build(FALLBACK, clock, maxTokenBytes, maxGroups, configAndSource);
    }

    static Setup build(Providers providers, Clock clock, int maxTokenBytes, int maxGroups, Object... configAndSource) {
        List<TrustedIssuer> issuers = new ArrayList<>();
        List<IssuerKeys> keys = new ArrayList<>();
        for (int i = 0; i < configAndSource.length; i += 2) {
            IssuerSettings settings = IssuerSettings.from("issuer" + i / 2, (IssuerConfig) configAndSource[i]);
            IssuerKeys issuerKeys = new IssuerKeys(settings, (KeySource) configAndSource[i + 1], clock, NO_BACKGROUND);
            issuerKeys.refetch().join();
            keys.add(issuerKeys);
            issuers.add(new TrustedIssuer(settings, issuerKeys));
        }
        return new Setup(new JwsTokenVerifier(issuers, clock, maxTokenBytes, maxGroups, providers::providers), keys);
    }

    private Verifiers() {}
}
