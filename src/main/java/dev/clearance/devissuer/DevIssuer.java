package dev.clearance.devissuer;

import dev.clearance.config.DevIssuerConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The embedded development issuer: platform-shaped tokens signed with keys that live only in this process's
 * memory, generated at start. Exists so the README demo needs nothing else; never enable it in production.
 */
@ApplicationScoped
public class DevIssuer {

    private static final Logger LOG = Logger.getLogger(DevIssuer.class);
    static final String CLUSTER_SCOPE = "cluster-scope";
    static final String CLUSTER_ADMINS = "cluster-admins";

    /** A signing key and its published form. */
    private record SigningKey(String kid, KeyPair pair, SignatureAlgorithm algorithm) {}

    private final DevIssuerConfig config;
    private final Clock clock;
    private volatile List<SigningKey> keys = List.of();

    DevIssuer(DevIssuerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The profiles the development issuer may run in: development, the README demo, and the test suite. */
    static final Set<String> PROFILES = Set.of("dev", "demo", "test");

    void onStart(@Observes StartupEvent event) throws GeneralSecurityException {
        if (!config.enabled()) {
            return;
        }
        refuseOutsideDevelopment(ConfigUtils.getProfiles());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        keys = List.of(new SigningKey("dev-rs256-" + suffix, rsa.generateKeyPair(), SignatureAlgorithm.RS256),
                new SigningKey("dev-es256-" + suffix, ec.generateKeyPair(), SignatureAlgorithm.ES256));
        LOG.warn("*************************************************************************************");
        LOG.warnf("* DEVELOPMENT ISSUER ENABLED: %s mints tokens for anyone who asks.", config.issuer());
        LOG.warn("* Never run with clearance.dev-issuer.enabled=true on a cluster you care about.");
        LOG.warn("*************************************************************************************");
    }

    /**
     * Start-up fails when the issuer is enabled in any other profile (prod, plain, or one of an operator's own): it
     * mints tokens for anyone who asks, so a hand-set {@code clearance.dev-issuer.enabled=true} must never turn a
     * production deployment into one that trusts everybody.
     */
    static void refuseOutsideDevelopment(List<String> activeProfiles) {
        if (activeProfiles.stream().noneMatch(PROFILES::contains)) {
            throw new ConfigurationException("clearance.dev-issuer.enabled=true is refused in profile "
                    + String.join(",", activeProfiles) + ": the development issuer mints tokens for anyone who asks, so it runs "
                    + "only in the dev, demo and test profiles; remove the setting (or start with -Dquarkus.profile=demo to try "
                    + "clearance on loopback)", Set.of("clearance.dev-issuer.enabled"));
        }
    }

    public boolean enabled() {
        return config.enabled() && !keys.isEmpty();
    }

    public String issuer() {
        return config.issuer();
    }

    public String audience() {
        return config.audience();
    }

    /** The OIDC discovery document. */
    Map<String, Object> discovery() {
        return Map.of(
                "issuer", config.issuer(),
                "jwks_uri", config.issuer() + "/jwks",
                "token_endpoint", config.issuer() + "/token",
                "response_types_supported", List.of("id_token"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
    }

    /** The public keys as a JWKS document. */
    Map<String, Object> jwks() {
        List<Map<String, Object>> published = new ArrayList<>();
        for (SigningKey key : keys) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.pair().getPublic());
                jwk.setKeyId(key.kid());
                jwk.setUse("sig");
                jwk.setAlgorithm(key.algorithm().name());
                published.add(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } catch (JoseException e) {
                throw new IllegalStateException("cannot publish development key " + key.kid(), e);
            }
        }
        return Map.of("keys", published);
    }

    /** Mints a platform-shaped token; arguments are validated by {@link TokenRequest}. */
    MintedToken mint(TokenRequest request) {
        SigningKey key = keys.stream().filter(k -> k.algorithm().name().equals(request.algorithm())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no development key for " + request.algorithm()));
        Set<String> groups = new LinkedHashSet<>(request.groups());
        groups.add(CLUSTER_SCOPE);
        if (request.admin()) {
            groups.add(CLUSTER_ADMINS);
        }
        Instant now = clock.instant();
        Duration lifetime = request.lifetime().orElse(config.tokenLifetime());
        Instant expiry = now.plus(lifetime);
        String token = Jwt.issuer(config.issuer())
                .subject("user:" + request.user())
                .audience(request.audience().orElse(config.audience()))
                .groups(groups)
                .claim("platform_host", config.platformHost())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now.getEpochSecond())
                .expiresAt(expiry.getEpochSecond())
                .jws()
                .keyId(key.kid())
                .algorithm(key.algorithm())
                .sign(key.pair().getPrivate());
        return new MintedToken(token, expiry);
    }

    /** A minted token and when it expires. */
    record MintedToken(String token, Instant expiry) {
        @Override
        public String toString() {
            return "MintedToken[expiry=" + expiry + "]";
        }
    }
}
