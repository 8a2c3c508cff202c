package dev.clearance.token;

import java.util.List;

/**
 * The signature schemes a provider is chosen for, once at start. RS* and PS* share a key type but not a scheme: a
 * provider may do PKCS #1 v1.5 and not RSASSA-PSS with JWS's parameters, so each is checked and chosen on its own.
 */
enum SignatureFamily {
    RSA("RSA", List.of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512)),
    RSASSA_PSS("RSASSA-PSS", List.of(JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512)),
    ECDSA("ECDSA", List.of(JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512)),
    EdDSA("EdDSA", List.of(JwsAlgorithm.EdDSA));

    private final String label;
    private final List<JwsAlgorithm> algorithms;

    SignatureFamily(String label, List<JwsAlgorithm> algorithms) {
        this.label = label;
        this.algorithms = algorithms;
    }

    /** The name operators read in the metric's {@code family} tag and the readiness data. */
    String label() {
        return label;
    }

    /** Every JWS algorithm of this family: a provider is used for the family only if it does them all. */
    List<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    static SignatureFamily of(JwsAlgorithm alg) {
        return switch (alg) {
            case RS256, RS384, RS512 -> RSA;
            case PS256, PS384, PS512 -> RSASSA_PSS;
            case ES256, ES384, ES512 -> ECDSA;
            case EdDSA -> EdDSA;
        };
    }
}
