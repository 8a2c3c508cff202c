package dev.clearance.token;

import dev.clearance.config.AuthnConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

/**
 * Makes the one start-up choice of {@link SignatureProviders} and says what it chose: an INFO line, a WARN when the
 * native provider was wanted but cannot load, the gauge {@code clearance_authn_signature_provider_info{family,provider}}
 * and the readiness data. Loading ACCP's library (about 0.2 s) or registering BouncyCastle (most of a second) happens
 * beside start-up; until then the JDK's providers verify, so a token is never refused for want of the choice.
 */
@ApplicationScoped
public class SignatureProviderChoice {

    private static final Logger LOG = Logger.getLogger(SignatureProviderChoice.class);

    private final boolean nativeWanted;
    private final MeterRegistry registry;
    private final AtomicReference<SignatureProviders> current = new AtomicReference<>(SignatureProviders.JDK);

    SignatureProviderChoice(AuthnConfig authn, MeterRegistry registry) {
        this.nativeWanted = authn.nativeCrypto();
        this.registry = registry;
    }

    /** Chooses in a background thread, then hands the choice to {@code use} (the verifiers). */
    void start(Consumer<SignatureProviders> use) {
        Thread thread = new Thread(() -> use.accept(use(SignatureProviders.choose(nativeWanted, new AccpProvider(),
                SignatureProviderChoice::bouncyCastle)).providers()), "clearance-signature-providers");
        thread.setDaemon(true);
        thread.start();
    }

    /** Puts the choice in use here and reports it, once. */
    SignatureProviders.Choice use(SignatureProviders.Choice choice) {
        if (choice.warning() != null) {
            LOG.warn(choice.warning());
        }
        if (!choice.unsupported().isEmpty()) {
            LOG.infof("the native signature provider does not do %s as JWS needs it: the JDK verifies those",
                    choice.unsupported().stream().map(SignatureFamily::label).collect(Collectors.joining(", ")));
        }
        Map<SignatureFamily, String> names = choice.providers().names();
        names.forEach((family, provider) -> Gauge.builder("clearance.authn.signature.provider.info", () -> 1)
                .tag("family", family.label()).tag("provider", provider)
                .description("The JCA provider that verifies each family of token signatures").register(registry));
        current.set(choice.providers());
        LOG.infof("signatures verified by %s", choice.providers().describe());
        return choice;
    }

    /** The providers in use now, for the readiness data. */
    SignatureProviders current() {
        return current.get();
    }

    /** BouncyCastle verifies P-256 about five times faster than SunEC on Java 17: the ECDSA fallback. */
    static Provider bouncyCastle() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        return Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }
}
