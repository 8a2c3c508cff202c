package dev.clearance.token;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which JCA provider verifies each {@link SignatureFamily}, chosen once at start and handed to every
 * {@code Signature.getInstance(name, provider)}. The native provider is never put in the JVM's provider list, so
 * TLS and everything else stay on the JDK. A family without an entry uses the JCA's default choice, as before.
 */
final class SignatureProviders {

    /** The JDK's own providers: before the choice is made, and when nothing else is chosen. */
    static final SignatureProviders JDK = new SignatureProviders(Map.of());

    private final Map<SignatureFamily, Provider> chosen;

    SignatureProviders(Map<SignatureFamily, Provider> chosen) {
        this.chosen = chosen.isEmpty() ? Map.of() : new EnumMap<>(chosen);
    }

    /** The choice, with the WARN an operator must see when the native provider was wanted but cannot be used. */
    record Choice(SignatureProviders providers, String warning, List<SignatureFamily> unsupported) {}

    /**
     * @param wanted {@code clearance.authn.native-crypto}
     * @param ecFallback the ECDSA provider when the native one is not used (BouncyCastle), or a supplier of null
     */
    static Choice choose(boolean wanted, NativeProvider nativeProvider, Supplier<Provider> ecFallback) {
        Map<SignatureFamily, Provider> chosen = new EnumMap<>(SignatureFamily.class);
        List<SignatureFamily> unsupported = new ArrayList<>();
        String warning = null;
        if (wanted) {
            String unusable = nativeProvider.unusable();
            if (unusable == null) {
                Provider provider = nativeProvider.provider();
                for (SignatureFamily family : SignatureFamily.values()) {
                    if (supports(provider, family)) {
                        chosen.put(family, provider);
                    } else {
                        unsupported.add(family);
                    }
                }
            } else {
                warning = "clearance.authn.native-crypto is true, but the native signature provider cannot be used: "
                        + unusable + "; signatures are verified with the JDK's providers and BouncyCastle instead";
            }
        }
        if (!chosen.containsKey(SignatureFamily.ECDSA)) {
            Provider ec = ecFallback.get();
            if (ec != null) {
                chosen.put(SignatureFamily.ECDSA, ec);
            }
        }
        return new Choice(new SignatureProviders(chosen), warning, List.copyOf(unsupported));
    }

    /**
     * Whether {@code provider} does every algorithm of the family as JWS needs it: each JCA name, and for RSASSA-PSS
     * the parameters RFC 7518 fixes. A chosen provider verifies EdDSA only for Ed25519 keys, the curve checked here.
     */
    static boolean supports(Provider provider, SignatureFamily family) {
        try {
            for (JwsAlgorithm alg : family.algorithms()) {
                Signature signature = Signature.getInstance(JwsSignatures.jcaName(alg), provider);
                PSSParameterSpec pss = JwsSignatures.pss(alg);
                if (pss != null) {
                    signature.setParameter(pss);
                }
            }
            return family != SignatureFamily.EdDSA || provider.getService("Signature", "Ed25519") != null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The provider for this algorithm and key, or null for the JCA's default. */
    Provider forKey(JwsAlgorithm alg, PublicKey key) {
        SignatureFamily family = SignatureFamily.of(alg);
        Provider provider = chosen.get(family);
        if (family == SignatureFamily.EdDSA && provider != null && !isEd25519(key)) {
            return null; // Ed448: only the JDK's EdDSA was checked for it
        }
        return provider;
    }

    private static boolean isEd25519(PublicKey key) {
        return key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
    }

    /** The name of the provider that verifies each family, the JCA's default resolved, for metrics and health. */
    Map<SignatureFamily, String> names() {
        Map<SignatureFamily, String> names = new EnumMap<>(SignatureFamily.class);
        for (SignatureFamily family : SignatureFamily.values()) {
            Provider provider = chosen.get(family);
            if (provider == null) {
                Provider[] defaults = Security.getProviders("Signature." + JwsSignatures.jcaName(family.algorithms().get(0)));
                provider = defaults == null ? null : defaults[0];
            }
            names.put(family, provider == null ? "none" : provider.getName());
        }
        return names;
    }

    /** "RSA, RSASSA-PSS, ECDSA, EdDSA: AmazonCorrettoCryptoProvider", or per provider, joined by "; ". */
    String describe() {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        names().forEach((family, name) -> byProvider.computeIfAbsent(name, n -> new ArrayList<>()).add(family.label()));
        List<String> parts = new ArrayList<>();
        byProvider.forEach((name, families) -> parts.add(String.join(", ", families) + ": " + name));
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
