package dev.clearance.token;

import dev.clearance.config.AuthnConfig;
import dev.clearance.config.IssuersConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.security.Security;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

/**
 * Builds the trusted issuers from configuration at start-up (failing it with a sentence that names the
 * property), starts their key fetching, and produces the {@link TokenVerifier} everything else uses.
 */
@ApplicationScoped
public class TrustedIssuers {

    private static final Logger LOG = Logger.getLogger(TrustedIssuers.class);

    private final List<TrustedIssuer> issuers;
    private final ScheduledExecutorService scheduler;
    private final TokenVerifier verifier;
    private final AtomicReference<String> ecProvider = new AtomicReference<>();

    TrustedIssuers(IssuersConfig issuersConfig, AuthnConfig authn, Clock clock, MeterRegistry registry) {
        if (issuersConfig.byName().isEmpty()) {
            throw new ConfigurationException("clearance.issuers: no issuer is configured; set at least "
                    + "clearance.issuers.<name>.issuer and clearance.issuers.<name>.audiences");
        }
        if (authn.maxTokenBytes() < 1024 || authn.maxGroups() < 1) {
            throw new ConfigurationException("clearance.authn.max-token-bytes must be at least 1024 and "
                    + "clearance.authn.max-groups at least 1");
        }
        List<IssuerSettings> settings = new ArrayList<>();
        new TreeMap<>(issuersConfig.byName()).forEach((name, config) -> settings.add(IssuerSettings.from(name, config)));
        IssuerSettings.checkDistinct(settings);

        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clearance-jwks-refresh");
            t.setDaemon(true);
            return t;
        });
        List<TrustedIssuer> built = new ArrayList<>();
        for (IssuerSettings s : settings) {
            IssuerKeys keys = new IssuerKeys(s, keySource(s), clock, scheduler);
            Counter ok = Counter.builder("clearance.jwks.fetches").tag("issuer", s.name()).tag("outcome", "success")
                    .description("Key set fetches by issuer and outcome").register(registry);
            Counter failed = Counter.builder("clearance.jwks.fetches").tag("issuer", s.name()).tag("outcome", "failure")
                    .description("Key set fetches by issuer and outcome").register(registry);
            keys.onFetch(success -> (success ? ok : failed).increment());
            Gauge.builder("clearance.jwks.key.set.age", keys, k -> k.current() == null ? Double.NaN
                            : java.time.Duration.between(k.current().fetchedAt(), clock.instant()).toMillis() / 1000.0)
                    .tag("issuer", s.name()).baseUnit("seconds").description("Age of the key set in use").register(registry);
            built.add(new TrustedIssuer(s, keys));
        }
        this.issuers = Collections.unmodifiableList(built);
        this.verifier = new JwsTokenVerifier(issuers, clock, authn.maxTokenBytes(), authn.maxGroups(), ecProvider::get);
    }

    void onStart(@Observes StartupEvent event) {
        // BouncyCastle verifies P-256 about five times faster than SunEC on Java 17, but registering it takes
        // most of a second: do it beside start-up, and verify with the default provider until it is there.
        Thread bc = new Thread(() -> {
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                Security.addProvider(new BouncyCastleProvider());
            }
            ecProvider.set(BouncyCastleProvider.PROVIDER_NAME);
        }, "clearance-bouncycastle-init");
        bc.setDaemon(true);
        bc.start();
        for (TrustedIssuer issuer : issuers) {
            LOG.infof("issuer=%s iss=%s keys=%s: trusting issuer", issuer.settings().name(), issuer.settings().issuer(),
                    issuer.keys().source());
            issuer.keys().start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        issuers.forEach(i -> i.keys().stop());
        scheduler.shutdownNow();
    }

    @Produces
    @Singleton
    TokenVerifier verifier() {
        return verifier;
    }

    /** Per issuer name: whether keys are in hand, how many, since when, and the last fetch error. */
    public Map<String, KeyState> keyStates() {
        Map<String, KeyState> states = new TreeMap<>();
        for (TrustedIssuer issuer : issuers) {
            KeySet keys = issuer.keys().current();
            states.put(issuer.settings().name(), new KeyState(issuer.settings().issuer(), issuer.keys().source(),
                    keys == null ? 0 : keys.size(), keys == null ? null : keys.fetchedAt(), issuer.keys().lastError()));
        }
        return states;
    }

    /** A health-data view of one issuer's keys. */
    public record KeyState(String issuer, String source, int keys, java.time.Instant fetchedAt, String lastError) {}

    private KeySource keySource(IssuerSettings s) {
        if (s.keyLocation() instanceof KeyLocation.JwksFile file) {
            return new FileKeySource(file.path(), scheduler);
        }
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(s.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (s.caFile().isPresent()) {
            try {
                client.sslContext(TrustStores.systemPlus(s.caFile().get()));
            } catch (Exception e) {
                throw IssuerSettings.fail("clearance.issuers." + s.name() + ".ca-file", "cannot be used: " + e.getMessage());
            }
        }
        return new HttpKeySource(s.issuer(), s.keyLocation(), client.build(), s.readTimeout());
    }
}
