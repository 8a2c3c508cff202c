package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.clearance.testsupport.TestAuthnConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The start-up choice of signature providers, with the native provider simulated through {@link NativeProvider}. */
class SignatureProvidersTest {

    static final String ACCP = AmazonCorrettoCryptoProvider.PROVIDER_NAME;
    static final Provider BC = SignatureProviderChoice.bouncyCastle();
    static final String JDK_RSA = Security.getProviders("Signature.SHA256withRSA")[0].getName();
    static final String JDK_ED = Security.getProviders("Signature.EdDSA")[0].getName();

    /** A native provider that loads (or not) as told, and fails the test if asked what it was not to be asked. */
    record Fake(String unusable, Provider provider, boolean mayBeAsked) implements NativeProvider {
        @Override
        public String unusable() {
            if (!mayBeAsked) {
                throw new AssertionError("the native provider was consulted with native-crypto=false");
            }
            return unusable;
        }

        @Override
        public Provider provider() {
            if (unusable != null) {
                throw new AssertionError("the provider of a native library that did not load was used");
            }
            return provider;
        }
    }

    record Case(String name, boolean wanted, NativeProvider nativeProvider, Supplier<Provider> ecFallback,
            String described, boolean warns, List<SignatureFamily> unsupported) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String noexec = "its native library did not load: UnsatisfiedLinkError: /tmp/libamazonCorrettoCryptoProvider.so: "
                + "failed to map segment from shared object";
        return Stream.of(
                new Case("native wanted and loaded: ACCP for every family", true,
                        new Fake(null, AmazonCorrettoCryptoProvider.INSTANCE, true), () -> BC,
                        "RSA, RSASSA-PSS, ECDSA, EdDSA: " + ACCP, false, List.of()),
                new Case("native wanted, cannot load: the JDK, BouncyCastle for ECDSA, and a warning", true,
                        new Fake(noexec, null, true), () -> BC, fallback(), true, List.of()),
                new Case("native-crypto=false: the fallback, no warning, the native provider never consulted", false,
                        new Fake(null, AmazonCorrettoCryptoProvider.INSTANCE, false), () -> BC, fallback(), false, List.of()),
                new Case("a native provider without ECDSA or EdDSA: only the families it does", true,
                        new Fake(null, Security.getProvider("SunRsaSign"), true), () -> BC,
                        "RSA, RSASSA-PSS: SunRsaSign; ECDSA: BC; EdDSA: " + JDK_ED, false,
                        List.of(SignatureFamily.ECDSA, SignatureFamily.EdDSA)),
                new Case("no BouncyCastle and no native: the JCA's defaults throughout", false,
                        new Fake(null, null, false), () -> null,
                        "RSA, RSASSA-PSS: " + JDK_RSA + "; ECDSA, EdDSA: " + JDK_ED, false, List.of()));
    }

    static String fallback() {
        return JDK_RSA.equals(JDK_ED)
                ? "RSA, RSASSA-PSS, EdDSA: " + JDK_RSA + "; ECDSA: BC" // never on OpenJDK, where they differ
                : "RSA, RSASSA-PSS: " + JDK_RSA + "; ECDSA: BC; EdDSA: " + JDK_ED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesOnceAtStart(Case c) {
        SignatureProviders.Choice choice = SignatureProviders.choose(c.wanted(), c.nativeProvider(), c.ecFallback());

        assertEquals(c.described(), choice.providers().describe());
        assertEquals(c.warns(), choice.warning() != null, String.valueOf(choice.warning()));
        assertEquals(c.unsupported(), choice.unsupported());
    }

    @Test
    void theWarningNamesWhyTheNativeLibraryDidNotLoadAndThePropertyThatAskedForIt() {
        Throwable error = new UnsatisfiedLinkError("Error loading shared library ld-linux-x86-64.so.2: No such file");
        String why = "its native library did not load: " + AccpProvider.causes(new IllegalStateException("load", error));

        String warning = SignatureProviders.choose(true, new Fake(why, null, true), () -> BC).warning();

        assertTrue(warning.startsWith("clearance.authn.native-crypto is true, but"), warning);
        assertTrue(warning.contains("IllegalStateException: load; caused by UnsatisfiedLinkError: Error loading shared "
                + "library ld-linux-x86-64.so.2"), warning);
    }

    @Test
    void theRealAccpLoadsOnThisMachineAndPassesItsSelfTests() {
        assertNull(new AccpProvider().unusable());
    }

    @Test
    void ed448KeysStayOnTheJdkWhenTheNativeProviderDoesEd25519Only() throws Exception {
        SignatureProviders accp = Verifiers.ACCP.providers();

        assertNull(accp.forKey(JwsAlgorithm.EdDSA, KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()));
        assertSame(AmazonCorrettoCryptoProvider.INSTANCE,
                accp.forKey(JwsAlgorithm.EdDSA, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    }

    @Test
    void reportsTheChoiceAsOneGaugePerFamilyAndInTheReadinessData() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SignatureProviderChoice choice = new SignatureProviderChoice(TestAuthnConfig.defaults(), registry);
        assertEquals(SignatureProviders.JDK, choice.current(), "the JDK's defaults until the choice is made");

        choice.use(SignatureProviders.choose(true, new Fake(null, Security.getProvider("SunRsaSign"), true), () -> BC));

        Map<String, String> expected = Map.of("RSA", "SunRsaSign", "RSASSA-PSS", "SunRsaSign", "ECDSA", "BC", "EdDSA", JDK_ED);
        expected.forEach((family, provider) -> assertEquals(1.0, registry.get("clearance.authn.signature.provider.info")
                .tag("family", family).tag("provider", provider).gauge().value(), family));
        assertEquals(4, registry.find("clearance.authn.signature.provider.info").gauges().size());
        assertEquals("RSA, RSASSA-PSS: SunRsaSign; ECDSA: BC; EdDSA: " + JDK_ED, choice.current().describe());
    }
}
