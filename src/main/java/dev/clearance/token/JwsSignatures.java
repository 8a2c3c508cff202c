package dev.clearance.token;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Checks a JWS signature with the JCA, over exactly the bytes {@link CompactJws} read: the signing input is the
 * token's first two parts as presented, the signature the third part's bytes. No second parser reads the token (a
 * JOSE library would parse the header again, and could read it differently), and none of its work is done twice.
 *
 * <p>The algorithm is the one the issuer allows and the token names, and the key is one {@link KeySet} found fit for
 * it (RSA of at least 2048 bits, the algorithm's own curve), so only the signature itself is judged here. ECDSA
 * signatures are the JWS form, {@code R || S} of exactly twice the curve's size (RFC 7518, 3.4); anything else, a
 * DER signature included, does not verify. EdDSA signatures are exactly RFC 8032's length.
 *
 * <p>The provider is passed per call ({@link SignatureProviders}): the same checks hold whichever verifies, and
 * whatever a provider makes of a malformed signature or an unfit key, the answer is false, not an exception.
 */
final class JwsSignatures {

    private JwsSignatures() {}

    /**
     * @param provider the JCA provider to use, or null for the JCA's default
     * @return whether the signature verifies; false for any signature of the wrong form, or a key the provider
     *     cannot use for this algorithm
     */
    static boolean verify(JwsAlgorithm alg, PublicKey key, byte[] signingInput, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        byte[] jcaSignature = signature;
        if (alg.family() == JwsAlgorithm.Family.EC) {
            int size = (alg.curveBits() + 7) / 8;
            if (signature.length != 2 * size) {
                return false;
            }
            jcaSignature = der(signature, size);
        } else if (alg == JwsAlgorithm.EdDSA && signature.length != edSignatureLength(key)) {
            return false; // the JDK reads only the first 64 bytes: a signature with bytes appended would verify
        }
        Signature verifier = provider == null ? Signature.getInstance(jcaName(alg)) : Signature.getInstance(jcaName(alg), provider);
        PSSParameterSpec pss = pss(alg);
        if (pss != null) {
            verifier.setParameter(pss);
        }
        try {
            verifier.initVerify(provider == null ? key : ProviderKeys.forProvider(key, provider));
            verifier.update(signingInput);
            return verifier.verify(jcaSignature);
        } catch (SignatureException | InvalidKeyException e) {
            return false; // malformed for this key (wrong length, not an encoding), or not a key for it: no valid signature
        }
    }

    /** RFC 8032: 64 bytes for Ed25519, 114 for Ed448; -1 (nothing fits) for a key of another kind. */
    private static int edSignatureLength(PublicKey key) {
        if (!(key instanceof EdECPublicKey ed)) {
            return -1;
        }
        return switch (ed.getParams().getName().toUpperCase(java.util.Locale.ROOT)) {
            case "ED25519" -> 64;
            case "ED448" -> 114;
            default -> -1;
        };
    }

    static String jcaName(JwsAlgorithm alg) {
        return switch (alg) {
            case RS256 -> "SHA256withRSA";
            case RS384 -> "SHA384withRSA";
            case RS512 -> "SHA512withRSA";
            case PS256, PS384, PS512 -> "RSASSA-PSS";
            case ES256 -> "SHA256withECDSA";
            case ES384 -> "SHA384withECDSA";
            case ES512 -> "SHA512withECDSA";
            case EdDSA -> "EdDSA";
        };
    }

    /** RSASSA-PSS as RFC 7518, 3.5 fixes it: MGF1 with the same hash, a salt as long as the hash. */
    static PSSParameterSpec pss(JwsAlgorithm alg) {
        return switch (alg) {
            case PS256 -> new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
            case PS384 -> new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
            case PS512 -> new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
            default -> null;
        };
    }

    /** {@code R || S}, each {@code size} bytes, as the DER {@code SEQUENCE { INTEGER r, INTEGER s }} the JCA verifies. */
    static byte[] der(byte[] concatenated, int size) {
        byte[] r = derInteger(concatenated, 0, size);
        byte[] s = derInteger(concatenated, size, size);
        int content = r.length + s.length;
        int header = content < 0x80 ? 2 : 3; // P-521 needs the long form (content up to 138 bytes)
        byte[] out = new byte[header + content];
        out[0] = 0x30;
        if (header == 2) {
            out[1] = (byte) content;
        } else {
            out[1] = (byte) 0x81;
            out[2] = (byte) content;
        }
        System.arraycopy(r, 0, out, header, r.length);
        System.arraycopy(s, 0, out, header + r.length, s.length);
        return out;
    }

    /** One unsigned big-endian number as a minimal DER INTEGER (leading zeros dropped, a zero added before a high bit). */
    private static byte[] derInteger(byte[] source, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (start < end - 1 && source[start] == 0) {
            start++;
        }
        boolean pad = (source[start] & 0x80) != 0;
        int valueLength = end - start + (pad ? 1 : 0);
        byte[] out = new byte[2 + valueLength];
        out[0] = 0x02;
        out[1] = (byte) valueLength;
        System.arraycopy(source, start, out, 2 + (pad ? 1 : 0), end - start);
        return out;
    }
}
