package dev.clearance.token;

import dev.clearance.common.WatchedFile;
import dev.clearance.config.AuthnConfig;
import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.IssuersConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The trusted issuers: built at start-up from the {@code clearance.issuers.*} blocks and the AuthenticationConfiguration
 * file (failing start-up with a sentence that names the property or field), with their key fetching, and the
 * {@link TokenVerifier} everything else uses. The issuers form one immutable {@link IssuerSet}; a changed file swaps
 * in a whole new set ({@link ConfigFileReloader}), and listeners learn which issuers changed.
 */
@ApplicationScoped
public class TrustedIssuers {

    private static final Logger LOG = Logger.getLogger(TrustedIssuers.class);

    private final AuthnConfig authn;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<SignatureProviders> signatures = new AtomicReference<>(SignatureProviders.JDK);
    private final AtomicReference<IssuerSet> current = new AtomicReference<>();
    private final List<IssuerSettings> shortForm;
    private final String devIssuerUrl;
    private final IssuerMeters meters;
    private final ConfigFileReloader reloader;
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private final TokenVerifier verifier = token -> current.get().verifier().verify(token);

    TrustedIssuers(IssuersConfig issuersConfig, AuthnConfig authn, DevIssuerConfig devIssuer, Clock clock,
            MeterRegistry registry) {
        this.authn = authn;
        this.clock = clock;
        if (authn.maxTokenBytes() < 1024 || authn.maxGroups() < 1) {
            throw new ConfigurationException("clearance.authn.max-token-bytes must be at least 1024 and "
                    + "clearance.authn.max-groups at least 1");
        }
        if (issuersConfig.byName().isEmpty() && authn.configFile().isEmpty()) {
            throw new ConfigurationException("clearance.issuers: no issuer is configured; set clearance.authn.config-file "
                    + "to an AuthenticationConfiguration file, or at least clearance.issuers.<name>.issuer and "
                    + "clearance.issuers.<name>.audiences");
        }
        List<IssuerSettings> blocks = new ArrayList<>();
        new TreeMap<>(issuersConfig.byName()).forEach((name, config) -> blocks.add(IssuerSettings.from(name, config)));
        this.shortForm = List.copyOf(blocks);
        this.devIssuerUrl = devIssuer.enabled() ? devIssuer.issuer() : null;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clearance-jwks-refresh");
            t.setDaemon(true);
            return t;
        });
        this.meters = new IssuerMeters(registry, clock, this::keysNamed);

        if (authn.configFile().isPresent()) {
            Path file = authn.configFile().get();
            WatchedFile.Reading first = WatchedFile.read(file);
            FileIssuers.Loaded loaded = loadFile(first);
            loaded.warnings().forEach(w -> LOG.warnf("%s: %s", file, w));
            current.set(build(loaded.issuers(), null, first.identity()).set());
            this.reloader = new ConfigFileReloader(file, first, authn, clock, registry, this);
        } else {
            IssuerSettings.checkDistinct(shortForm);
            current.set(build(shortForm, null, null).set());
            this.reloader = null;
        }
    }

    void onStart(@Observes StartupEvent event, SignatureProviderChoice signatureProviders) {
        // ACCP, or BouncyCastle for ECDSA where ACCP is not used, takes up to most of a second to load: choose the
        // providers beside start-up, and verify with the JDK's defaults until the choice is made.
        signatureProviders.start(signatures::set);
        for (TrustedIssuer issuer : current.get().issuers()) {
            LOG.infof("issuer=%s iss=%s keys=%s: trusting issuer", issuer.settings().name(), issuer.settings().issuer(),
                    issuer.keys().source());
            issuer.keys().start();
        }
        if (reloader != null) {
            reloader.start(scheduler);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        current.get().issuers().forEach(i -> i.keys().stop());
        scheduler.shutdownNow();
    }

    @Produces
    @Singleton
    TokenVerifier verifier() {
        return verifier;
    }

    /** Told, after every reload that swapped the issuers, which {@code iss} values were added, removed or changed. */
    public void onChange(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    /** Per issuer name: whether keys are in hand, how many, since when, and the last fetch error. */
    public Map<String, KeyState> keyStates() {
        Map<String, KeyState> states = new TreeMap<>();
        for (TrustedIssuer issuer : current.get().issuers()) {
            KeySet keys = issuer.keys().current();
            states.put(issuer.settings().name(), new KeyState(issuer.settings().issuer(), issuer.keys().source(),
                    keys == null ? 0 : keys.size(), keys == null ? null : keys.fetchedAt(), issuer.keys().lastError()));
        }
        return states;
    }

    /** A health-data view of one issuer's keys. */
    public record KeyState(String issuer, String source, int keys, java.time.Instant fetchedAt, String lastError) {}

    /**
     * The file's issuers with the short-form blocks, validated together.
     *
     * @throws ConfigurationException naming the field or property at fault
     */
    FileIssuers.Loaded loadFile(WatchedFile.Reading reading) {
        FileIssuers.Loaded loaded = FileIssuers.load(reading, authn, devIssuerUrl != null);
        List<IssuerSettings> all = new ArrayList<>();
        Set<String> fileUrls = loaded.issuers().stream().map(IssuerSettings::issuer).collect(Collectors.toSet());
        for (IssuerSettings block : shortForm) {
            // the dev profiles' built-in block for the development issuer gives way to a file entry for the same URL
            if (block.issuer().equals(devIssuerUrl) && fileUrls.contains(devIssuerUrl)) {
                continue;
            }
            all.add(block);
        }
        all.addAll(loaded.issuers());
        IssuerSettings.checkDistinct(all);
        return new FileIssuers.Loaded(all, loaded.warnings());
    }

    /** A set built but not yet in use, with the key sets that were started for it alone. */
    record Prepared(IssuerSet set, List<IssuerKeys> started) {

        boolean ready() {
            return started.stream().allMatch(k -> k.current() != null);
        }

        List<String> waiting() {
            List<String> names = new ArrayList<>();
            for (TrustedIssuer issuer : set.issuers()) {
                if (started.contains(issuer.keys()) && issuer.keys().current() == null) {
                    names.add(issuer.settings().name() + " (" + issuer.keys().source()
                            + (issuer.keys().lastError() == null ? "" : ": " + issuer.keys().lastError()) + ")");
                }
            }
            return names;
        }
    }

    /** Builds a set for these settings, keeping the live keys of issuers whose {@link KeysSpec} is unchanged. */
    Prepared build(List<IssuerSettings> settings, IssuerSet reuse, String fileHash) {
        Map<KeysSpec, IssuerKeys> live = new HashMap<>();
        if (reuse != null) {
            reuse.issuers().forEach(i -> live.put(KeysSpec.of(i.settings()), i.keys()));
        }
        List<TrustedIssuer> issuers = new ArrayList<>();
        List<IssuerKeys> started = new ArrayList<>();
        for (IssuerSettings s : settings) {
            IssuerKeys keys = live.get(KeysSpec.of(s));
            if (keys == null) {
                keys = new IssuerKeys(s, keySource(s), clock, scheduler);
                meters.attach(s.name(), keys);
                started.add(keys);
            }
            issuers.add(new TrustedIssuer(s, keys));
        }
        TokenVerifier built = new JwsTokenVerifier(issuers, clock, authn.maxTokenBytes(), authn.maxGroups(), signatures::get);
        return new Prepared(new IssuerSet(issuers, built, fileHash), started);
    }

    /** The current set, for the reloader. */
    IssuerSet current() {
        return current.get();
    }

    /** Puts a prepared set in use, stops the keys it no longer needs, and tells the listeners what changed. */
    void swap(Prepared prepared) {
        IssuerSet before = current.getAndSet(prepared.set());
        Set<IssuerKeys> kept = prepared.set().issuers().stream().map(TrustedIssuer::keys).collect(Collectors.toSet());
        before.issuers().stream().map(TrustedIssuer::keys).filter(k -> !kept.contains(k)).forEach(IssuerKeys::stop);
        meters.retainOnly(prepared.set().issuers().stream().map(i -> i.settings().name()).collect(Collectors.toSet()));
        Set<String> changed = IssuerSet.changedIssuers(before, prepared.set());
        for (Consumer<Set<String>> listener : listeners) {
            listener.accept(changed);
        }
    }

    /** Gives up a prepared set: stops the keys started for it. */
    void discard(Prepared prepared) {
        prepared.started().forEach(IssuerKeys::stop);
        Set<String> names = current.get().issuers().stream().map(i -> i.settings().name()).collect(Collectors.toSet());
        meters.retainOnly(names);
    }

    private IssuerKeys keysNamed(String name) {
        for (TrustedIssuer issuer : current.get().issuers()) {
            if (issuer.settings().name().equals(name)) {
                return issuer.keys();
            }
        }
        return null;
    }

    private KeySource keySource(IssuerSettings s) {
        if (s.keyLocation() instanceof KeyLocation.JwksFile file) {
            return new FileKeySource(file.path(), scheduler);
        }
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(s.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        try {
            if (!s.certificateAuthority().isEmpty()) {
                client.sslContext(TrustStores.only(s.certificateAuthority()));
            } else if (s.caFile().isPresent()) {
                client.sslContext(TrustStores.systemPlus(s.caFile().get()));
            }
        } catch (Exception e) {
            throw IssuerSettings.fail(s.origin() + (s.caFile().isPresent() ? ".ca-file" : ".issuer.certificateAuthority"),
                    "cannot be used: " + e.getMessage());
        }
        return new HttpKeySource(s.issuer(), s.keyLocation(), client.build(), s.readTimeout());
    }
}
