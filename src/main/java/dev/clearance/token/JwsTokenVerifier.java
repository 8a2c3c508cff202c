package dev.clearance.token;

import dev.clearance.common.Text;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Verifies a bearer token against the trusted issuers: size, JWS structure, issuer by exact {@code iss},
 * algorithm allow-list, key by {@code kid} from that issuer's JWKS only (never {@code jku}, {@code x5u},
 * {@code jwk} or {@code x5c} from the header), signature, then {@link ClaimVerifier}'s rules.
 *
 * <p>CPU-only unless a key set has to be fetched; then the returned stage completes when the fetch does.
 */
final class JwsTokenVerifier implements TokenVerifier {

    /** A token without {@code kid} is tried against at most this many keys, bounding the work an attacker can cause. */
    static final int MAX_KEYS_TRIED = 4;

    private final Map<String, Issuer> byIss = new HashMap<>();
    private final ClaimVerifier claimVerifier;
    private final Clock clock;
    private final int maxTokenBytes;
    private final Supplier<SignatureProviders> signatures;

    private record Issuer(TrustedIssuer trusted, String allowed) {}

    /**
     * @param signatures the providers chosen at start (read per token, as the choice is made beside start-up); null
     *     for the JCA's defaults
     */
    JwsTokenVerifier(List<TrustedIssuer> issuers, Clock clock, int maxTokenBytes, int maxGroups,
            Supplier<SignatureProviders> signatures) {
        for (TrustedIssuer issuer : issuers) {
            String[] names = issuer.settings().algorithms().stream().map(JwsAlgorithm::jwaName).sorted().toArray(String[]::new);
            byIss.put(issuer.settings().issuer(), new Issuer(issuer, String.join(", ", names)));
        }
        this.claimVerifier = new ClaimVerifier(maxGroups);
        this.clock = clock;
        this.maxTokenBytes = maxTokenBytes;
        this.signatures = signatures == null ? () -> SignatureProviders.JDK : signatures;
    }

    @Override
    public CompletionStage<TokenVerdict> verify(String token) {
        if (token.length() > maxTokenBytes) {
            return done(invalid(AuthnReason.MALFORMED_TOKEN, "token is " + token.length()
                    + " bytes, longer than the " + maxTokenBytes + " accepted (clearance.authn.max-token-bytes)", TokenFacts.NONE));
        }
        Parsed parsed;
        try {
            parsed = Parsed.of(token);
        } catch (TokenRefusal r) {
            return done(invalid(r.reason(), r.getMessage(), TokenFacts.NONE));
        }
        Object rawIss = parsed.claims().get("iss");
        if (rawIss == null) {
            return done(invalid(AuthnReason.UNKNOWN_ISSUER, "token has no iss claim naming its issuer", parsed.facts()));
        }
        if (!(rawIss instanceof String iss)) {
            return done(invalid(AuthnReason.MALFORMED_TOKEN, "token claim iss must be a string, but is "
                    + CompactJws.jsonType(rawIss), parsed.facts()));
        }
        Issuer issuer = byIss.get(iss);
        if (issuer == null) {
            return done(invalid(AuthnReason.UNKNOWN_ISSUER, "token issuer " + Text.quote(iss)
                    + " is not trusted by clearance (no clearance.issuers.*.issuer nor jwt[].issuer.url of the "
                    + "configuration file matches it exactly)", parsed.facts()));
        }
        JwsAlgorithm alg = JwsAlgorithm.byJwaName(parsed.alg()).orElse(null);
        if (alg == null || !issuer.trusted().settings().algorithms().contains(alg)) {
            return done(invalid(AuthnReason.UNSUPPORTED_ALGORITHM, "token algorithm " + Text.quote(parsed.alg())
                    + " is not allowed for issuer " + issuer.trusted().settings().name() + " (allowed: " + issuer.allowed() + ")",
                    parsed.facts()));
        }
        IssuerKeys keys = issuer.trusted().keys();
        KeySet current = keys.current();
        if (current == null) {
            return keys.refetch().thenApply(refetch -> refetch.keys() == null
                    ? new TokenVerdict.Unavailable(issuer.trusted().settings().name(), "no signing keys could be fetched yet for issuer "
                            + issuer.trusted().settings().name() + " (" + keys.source() + "): " + keys.lastError(), parsed.facts())
                    : withKeys(issuer, parsed, alg, refetch.keys(), refetch));
        }
        List<PublicKey> candidates = current.candidates(parsed.kid(), alg);
        if (candidates.isEmpty() && !current.hasKid(parsed.kid())) {
            return keys.refetch().thenApply(refetch -> withKeys(issuer, parsed, alg, refetch.keys(), refetch));
        }
        return done(withKeys(issuer, parsed, alg, current, null));
    }

    /** @param refetch what a refetch for this token did, or null when the current keys were used without one */
    private TokenVerdict withKeys(Issuer issuer, Parsed parsed, JwsAlgorithm alg, KeySet keys, KeyRefetch refetch) {
        String name = issuer.trusted().settings().name();
        List<PublicKey> candidates = keys.candidates(parsed.kid(), alg);
        if (candidates.isEmpty()) {
            String message = keys.hasKid(parsed.kid())
                    ? "key " + Text.quote(parsed.kid()) + " of issuer " + name + " cannot verify " + alg.jwaName() + " signatures"
                    : parsed.kid() == null
                            ? "issuer " + name + " has no key for " + alg.jwaName() + " signatures"
                            : "issuer " + name + " has no key with kid " + Text.quote(parsed.kid())
                                    + (refetch == null ? "" : " (" + refetch.explanation() + ")");
            return invalid(AuthnReason.UNKNOWN_KEY, message, parsed.facts());
        }
        if (!signatureVerifies(parsed, alg, candidates)) {
            return invalid(AuthnReason.BAD_SIGNATURE, "token signature does not verify with the key of issuer " + name
                    + (parsed.kid() == null ? "" : " with kid " + Text.quote(parsed.kid())), parsed.facts());
        }
        Instant now = clock.instant();
        try {
            return new TokenVerdict.Valid(claimVerifier.verify(issuer.trusted().settings(), parsed.claims(), now));
        } catch (TokenRefusal r) {
            return invalid(r.reason(), r.getMessage(), parsed.facts());
        }
    }

    /**
     * Whether one of the keys (at most {@link #MAX_KEYS_TRIED}) verifies the signature, over the bytes the parse
     * checked. The algorithm was checked against the issuer's allow-list before, and each key fits it.
     */
    private boolean signatureVerifies(Parsed parsed, JwsAlgorithm alg, List<PublicKey> keys) {
        byte[] signingInput = parsed.jws().signingInput();
        SignatureProviders providers = signatures.get();
        int tried = 0;
        for (PublicKey key : keys) {
            if (tried++ == MAX_KEYS_TRIED) {
                return false;
            }
            try {
                if (JwsSignatures.verify(alg, key, signingInput, parsed.jws().signature(), providers.forKey(alg, key))) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // a key that cannot verify this signature is just not the right key (fail closed, never an error)
            }
        }
        return false;
    }

    private static TokenVerdict.Invalid invalid(AuthnReason reason, String message, TokenFacts facts) {
        return new TokenVerdict.Invalid(reason, message, facts);
    }

    private static CompletionStage<TokenVerdict> done(TokenVerdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }

    /** A compact JWS, nothing verified yet, with the facts it states about itself for audit. */
    private record Parsed(CompactJws jws, TokenFacts facts) {

        static Parsed of(String token) throws TokenRefusal {
            CompactJws jws = CompactJws.parse(token);
            return new Parsed(jws, facts(jws.claims()));
        }

        String compact() {
            return jws.compact();
        }

        String alg() {
            return jws.alg();
        }

        String kid() {
            return jws.kid();
        }

        Map<String, Object> claims() {
            return jws.claims();
        }

        private static TokenFacts facts(Map<String, Object> claims) {
            Instant exp = claims.get("exp") instanceof Number n && Math.abs(n.doubleValue()) < 1e11
                    ? Instant.ofEpochSecond(n.longValue())
                    : null;
            return new TokenFacts(string(claims.get("iss")), string(claims.get("sub")), string(claims.get("jti")), exp);
        }

        private static String string(Object value) {
            return value instanceof String s ? s : null;
        }

        @Override
        public String toString() {
            return jws.toString();
        }
    }
}
