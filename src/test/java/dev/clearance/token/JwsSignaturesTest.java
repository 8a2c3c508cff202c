package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm verifies its own JWS-form signature and nothing else: a flipped bit, a truncated or empty
 * signature, another key, another signing input, and for ECDSA the DER form are all false, never an exception.
 * Signatures are made with the JCA directly (ECDSA in the P1363 form, which is JWS's R || S).
 */
class JwsSignaturesTest {

    static final byte[] INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyOmFsaWNlIn0".getBytes(StandardCharsets.US_ASCII);

    record Case(JwsAlgorithm alg, KeyPair key, KeyPair other, String provider) {
        @Override
        public String toString() {
            return alg + (provider == null ? "" : " with " + provider);
        }
    }

    @BeforeAll
    static void bouncyCastle() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    static List<Case> cases() throws Exception {
        KeyPair rsa = pair("RSA", 2048, null);
        KeyPair rsaOther = pair("RSA", 2048, null);
        List<Case> cases = new ArrayList<>();
        for (JwsAlgorithm alg : List.of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512, JwsAlgorithm.PS256,
                JwsAlgorithm.PS384, JwsAlgorithm.PS512)) {
            cases.add(new Case(alg, rsa, rsaOther, null));
        }
        for (var ec : List.of(List.of(JwsAlgorithm.ES256, "secp256r1"), List.of(JwsAlgorithm.ES384, "secp384r1"),
                List.of(JwsAlgorithm.ES512, "secp521r1"))) {
            JwsAlgorithm alg = (JwsAlgorithm) ec.get(0);
            KeyPair key = pair("EC", 0, (String) ec.get(1));
            KeyPair other = pair("EC", 0, (String) ec.get(1));
            cases.add(new Case(alg, key, other, null));
            cases.add(new Case(alg, key, other, BouncyCastleProvider.PROVIDER_NAME));
        }
        cases.add(new Case(JwsAlgorithm.EdDSA, pair("Ed25519", 0, null), pair("Ed25519", 0, null), null));
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

    private static KeyPair pair(String algorithm, int bits, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else if (bits > 0) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
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
