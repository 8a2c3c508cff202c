package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm verifies its own JWS-form signature and nothing else: a flipped bit, a truncated or empty
 * signature, another key, another signing input, and for ECDSA the DER form are all false, never an exception.
 * Signatures are made with the JCA directly (ECDSA in the P1363 form, which is JWS's R || S). Every case runs with
 * both start-up choices of providers, ACCP and the JDK with BouncyCastle: the contract does not depend on it.
 */
class JwsSignaturesTest {

    static final byte[] INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyOmFsaWNlIn0".getBytes(StandardCharsets.US_ASCII);

    static final KeyPair RSA = pair("RSA", 2048, null);
    static final KeyPair P256 = pair("EC", 0, "secp256r1");
    static final KeyPair ED25519 = pair("Ed25519", 0, null);
    static final KeyPair ED448 = pair("Ed448", 0, null);

    record Case(JwsAlgorithm alg, KeyPair key, KeyPair other, Verifiers.Providers providers) {
        Provider provider() {
            return providers.providers().forKey(alg, key.getPublic());
        }

        @Override
        public String toString() {
            String keyName = key.getPublic() instanceof EdECPublicKey ed ? ed.getParams().getName() : key.getPublic().getAlgorithm();
            return alg + " " + keyName + " with " + providers + " (" + (provider() == null ? "JCA default" : provider().getName()) + ")";
        }
    }

    static List<Case> cases() {
        KeyPair rsaOther = pair("RSA", 2048, null);
        List<Case> cases = new ArrayList<>();
        for (Verifiers.Providers providers : Verifiers.bothProviders()) {
            for (JwsAlgorithm alg : List.of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512, JwsAlgorithm.PS256,
                    JwsAlgorithm.PS384, JwsAlgorithm.PS512)) {
                cases.add(new Case(alg, RSA, rsaOther, providers));
            }
            cases.add(new Case(JwsAlgorithm.ES256, P256, pair("EC", 0, "secp256r1"), providers));
            cases.add(new Case(JwsAlgorithm.ES384, pair("EC", 0, "secp384r1"), pair("EC", 0, "secp384r1"), providers));
            cases.add(new Case(JwsAlgorithm.ES512, pair("EC", 0, "secp521r1"), pair("EC", 0, "secp521r1"), providers));
            cases.add(new Case(JwsAlgorithm.EdDSA, ED25519, pair("Ed25519", 0, null), providers));
            cases.add(new Case(JwsAlgorithm.EdDSA, ED448, pair("Ed448", 0, null), providers));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifiesItsOwnSignatureAndNothingElse(Case c) throws Exception {
        byte[] signature = sign(c.alg(), c.key(), INPUT);

        assertTrue(JwsSignatures.verify(c.alg(), c.key().getPublic(), INPUT, signature, c.provider()), "its own signature");
        byte[] flipped = signature.clone();
        flipped[flipped.length / 2] ^= 0x01;
        assertFalse(JwsSignatures.verify(c.alg(), c.key().getPublic(), INPUT, flipped, c.provider()), "a flipped bit");
        assertFalse(JwsSignatures.verify(c.alg(), c.key().getPublic(), INPUT, Arrays.copyOf(signature, signature.length - 1),
                c.provider()), "one byte short");
        assertFalse(JwsSignatures.verify(c.alg(), c.key().getPublic(), INPUT, new byte[0], c.provider()), "empty");
        assertFalse(JwsSignatures.verify(c.alg(), c.other().getPublic(), INPUT, signature, c.provider()), "another key");
        byte[] otherInput = INPUT.clone();
        otherInput[0] ^= 0x20;
        assertFalse(JwsSignatures.verify(c.alg(), c.key().getPublic(), otherInput, signature, c.provider()), "other bytes");
        if (c.alg().family() == JwsAlgorithm.Family.EC) {
            int size = signature.length / 2;
            byte[] der = new DERSequence(new ASN1Integer[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(signature, 0, size))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(signature, size, 2 * size)))}).getEncoded();
            assertFalse(JwsSignatures.verify(c.alg(), c.key().getPublic(), INPUT, der, c.provider()), "the DER form");
        }
    }

    /** One defect each: a signature, or a key, that must be refused (false, never an exception) by either choice. */
    record Defect(String name, JwsAlgorithm alg, PublicKey key, Signed signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Signed {
        byte[] make() throws Exception;
    }

    static List<Defect> defects() {
        PSSParameterSpec noSalt = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 0, 1);
        PSSParameterSpec sha1Mgf = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1);
        return List.of(
                new Defect("an empty ES256 signature", JwsAlgorithm.ES256, P256.getPublic(), () -> new byte[0]),
                new Defect("an ES256 signature one byte too long", JwsAlgorithm.ES256, P256.getPublic(),
                        () -> Arrays.copyOf(sign(JwsAlgorithm.ES256, P256, INPUT), 65)),
                new Defect("an ES256 signature with a zero byte before it", JwsAlgorithm.ES256, P256.getPublic(),
                        () -> prepend(sign(JwsAlgorithm.ES256, P256, INPUT))),
                new Defect("ES256 R || S of P-384's length", JwsAlgorithm.ES256, P256.getPublic(), () -> new byte[96]),
                new Defect("ES256 R and S both zero", JwsAlgorithm.ES256, P256.getPublic(), () -> new byte[64]),
                new Defect("ES256 R and S all ones (above the curve order)", JwsAlgorithm.ES256, P256.getPublic(),
                        () -> filled(64, 0xff)),
                new Defect("an ES256 signature checked with an RSA key", JwsAlgorithm.ES256, RSA.getPublic(),
                        () -> sign(JwsAlgorithm.ES256, P256, INPUT)),
                new Defect("an RS256 signature checked with an EC key", JwsAlgorithm.RS256, P256.getPublic(),
                        () -> sign(JwsAlgorithm.RS256, RSA, INPUT)),
                new Defect("an EdDSA signature checked with an RSA key", JwsAlgorithm.EdDSA, RSA.getPublic(),
                        () -> sign(JwsAlgorithm.EdDSA, ED25519, INPUT)),
                new Defect("an RS256 signature with a zero byte before it", JwsAlgorithm.RS256, RSA.getPublic(),
                        () -> prepend(sign(JwsAlgorithm.RS256, RSA, INPUT))),
                new Defect("an RS256 signature of all ones", JwsAlgorithm.RS256, RSA.getPublic(), () -> filled(256, 0xff)),
                new Defect("an RS256 signature checked as PS256", JwsAlgorithm.PS256, RSA.getPublic(),
                        () -> sign(JwsAlgorithm.RS256, RSA, INPUT)),
                new Defect("a PS256 signature checked as RS256", JwsAlgorithm.RS256, RSA.getPublic(),
                        () -> sign(JwsAlgorithm.PS256, RSA, INPUT)),
                new Defect("PS256 made with no salt", JwsAlgorithm.PS256, RSA.getPublic(), () -> signPss(noSalt)),
                new Defect("PS256 made with MGF1 over SHA-1", JwsAlgorithm.PS256, RSA.getPublic(), () -> signPss(sha1Mgf)),
                new Defect("a PS384 signature checked as PS256", JwsAlgorithm.PS256, RSA.getPublic(),
                        () -> sign(JwsAlgorithm.PS384, RSA, INPUT)),
                new Defect("an Ed25519 signature one byte too long", JwsAlgorithm.EdDSA, ED25519.getPublic(),
                        () -> Arrays.copyOf(sign(JwsAlgorithm.EdDSA, ED25519, INPUT), 65)),
                new Defect("an Ed448 signature one byte too long", JwsAlgorithm.EdDSA, ED448.getPublic(),
                        () -> Arrays.copyOf(sign(JwsAlgorithm.EdDSA, ED448, INPUT), 115)));
    }

    static Stream<Arguments> defectsWithBothProviders() {
        return defects().stream().flatMap(d -> Verifiers.bothProviders().stream().map(p -> Arguments.of(d, p)));
    }

    @ParameterizedTest(name = "refuses {0} ({1})")
    @MethodSource("defectsWithBothProviders")
    void refusesASignatureWithOneDefect(Defect d, Verifiers.Providers providers) throws Exception {
        byte[] signature = d.signature().make();

        assertFalse(JwsSignatures.verify(d.alg(), d.key(), INPUT, signature, providers.providers().forKey(d.alg(), d.key())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derCases")
    void convertsRAndSToMinimalDer(DerCase c) throws Exception {
        byte[] concatenated = new byte[2 * c.size()];
        byte[] r = unsigned(c.r(), c.size());
        byte[] s = unsigned(c.s(), c.size());
        System.arraycopy(r, 0, concatenated, 0, c.size());
        System.arraycopy(s, 0, concatenated, c.size(), c.size());

        byte[] expected = new DERSequence(new ASN1Integer[] {new ASN1Integer(c.r()), new ASN1Integer(c.s())}).getEncoded();
        assertArrayEquals(expected, JwsSignatures.der(concatenated, c.size()));
    }

    record DerCase(String name, int size, BigInteger r, BigInteger s) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<DerCase> derCases() {
        BigInteger max521 = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
        return List.of(
                new DerCase("small values with leading zero bytes", 32, BigInteger.valueOf(5), BigInteger.valueOf(0x1234)),
                new DerCase("high bits set: a zero byte is added", 32, BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE)),
                new DerCase("zero", 32, BigInteger.ZERO, BigInteger.ONE),
                new DerCase("P-384 sized", 48, BigInteger.ONE.shiftLeft(383), BigInteger.TEN),
                new DerCase("P-521 at its largest: the long length form", 66, max521, max521));
    }

    private static byte[] unsigned(BigInteger value, int size) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
        return out;
    }

    private static KeyPair pair(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] prepend(byte[] signature) {
        byte[] out = new byte[signature.length + 1];
        System.arraycopy(signature, 0, out, 1, signature.length);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] signPss(PSSParameterSpec params) throws Exception {
        Signature signer = Signature.getInstance("RSASSA-PSS");
        signer.setParameter(params);
        signer.initSign(RSA.getPrivate());
        signer.update(INPUT);
        return signer.sign();
    }

    private static byte[] sign(JwsAlgorithm alg, KeyPair key, byte[] input) throws Exception {
        Signature signer = switch (alg) {
            case ES256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case ES384 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case ES512 -> Signature.getInstance("SHA512withECDSAinP1363Format");
            default -> Signature.getInstance(JwsSignatures.jcaName(alg));
        };
        switch (alg) {
            case PS256 -> signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            case PS384 -> signer.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
            case PS512 -> signer.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
            default -> { }
        }
        signer.initSign(key.getPrivate());
        signer.update(input);
        return signer.sign();
    }
}
