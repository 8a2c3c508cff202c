package dev.clearance.token;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The asymmetric JWS algorithms clearance can verify. There is deliberately no entry for {@code none} or any
 * HMAC algorithm: a symmetric key would have to be shared with every verifier.
 */
public enum JwsAlgorithm {
    RS256(Family.RSA, 0),
    RS384(Family.RSA, 0),
    RS512(Family.RSA, 0),
    PS256(Family.RSA, 0),
    PS384(Family.RSA, 0),
    PS512(Family.RSA, 0),
    ES256(Family.EC, 256),
    ES384(Family.EC, 384),
    ES512(Family.EC, 521),
    EdDSA(Family.OKP, 0);

    /** RSA keys shorter than this are never used, whatever the JWKS says. */
    static final int MIN_RSA_BITS = 2048;

    enum Family {
        RSA,
        EC,
        OKP
    }

    private final Family family;
    private final int curveBits;

    JwsAlgorithm(Family family, int curveBits) {
        this.family = family;
        this.curveBits = curveBits;
    }

    /** The JWA name, as it appears in a token's {@code alg} header. */
    public String jwaName() {
        return name();
    }

    Family family() {
        return family;
    }

    /** The curve's size in bits for ECDSA (256, 384, 521); 0 for the others. */
    int curveBits() {
        return curveBits;
    }

    /** Whether {@code key} is of the type and size this algorithm needs (RSA ≥ 2048 bits, the right curve). */
    public boolean fits(PublicKey key) {
        return switch (family) {
            case RSA -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
            case EC -> key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == curveBits;
            case OKP -> key instanceof EdECPublicKey;
        };
    }

    /** The algorithm with exactly this JWA name; names are case-sensitive, as in the {@code alg} header. */
    public static Optional<JwsAlgorithm> byJwaName(String name) {
        for (JwsAlgorithm alg : values()) {
            if (alg.name().equals(name)) {
                return Optional.of(alg);
            }
        }
        return Optional.empty();
    }

    /** "RS256, RS384, …" for error messages. */
    public static String allNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
