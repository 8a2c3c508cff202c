package dev.clearance.token;

import dev.clearance.common.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim rules applied after the signature has been verified: times and audience here, the same for every
 * issuer, then the issuer's {@link IdentityRules} (required claims and the mapping to a Kubernetes identity).
 * Pure: the time comes in as an argument.
 */
final class ClaimVerifier {

    private final int maxGroups;

    ClaimVerifier(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    VerifiedToken verify(IssuerSettings issuer, Map<String, Object> claims, Instant now) throws TokenRefusal {
        Instant expiry = checkTimes(issuer, claims, now);
        List<String> audiences = TokenClaims.stringOrList(claims, "aud", AuthnReason.AUDIENCE_MISMATCH);
        if (audiences.stream().noneMatch(issuer.audiences()::contains)) {
            throw new TokenRefusal(AuthnReason.AUDIENCE_MISMATCH, "token audience " + describe(audiences)
                    + " does not include this cluster (" + String.join(", ", new java.util.TreeSet<>(issuer.audiences()))
                    + ") for issuer " + issuer.name());
        }
        Identity identity = issuer.rules().identity(claims, maxGroups);
        TokenFacts facts = new TokenFacts(issuer.issuer(), stringOrNull(claims.get("sub")),
                stringOrNull(claims.get("jti")), expiry);
        return new VerifiedToken(issuer.name(), identity, audiences, expiry, facts);
    }

    private static Instant checkTimes(IssuerSettings issuer, Map<String, Object> claims, Instant now) throws TokenRefusal {
        Duration skew = issuer.clockSkew();
        Instant exp = time(claims, "exp");
        if (exp == null) {
            throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "token has no exp (expiry) claim; clearance only accepts expiring tokens");
        }
        if (now.isAfter(exp.plus(skew))) {
            throw new TokenRefusal(AuthnReason.EXPIRED, "token expired at " + exp + " (now " + now.getEpochSecond()
                    + "s since epoch, clock skew " + skew.toSeconds() + "s)");
        }
        Instant nbf = time(claims, "nbf");
        if (nbf != null && now.plus(skew).isBefore(nbf)) {
            throw new TokenRefusal(AuthnReason.NOT_YET_VALID, "token is not valid before " + nbf);
        }
        Instant iat = time(claims, "iat");
        if (iat != null && now.plus(skew).isBefore(iat)) {
            throw new TokenRefusal(AuthnReason.ISSUED_IN_FUTURE, "token claims to be issued at " + iat
                    + ", in the future; check the issuer's clock");
        }
        Duration max = issuer.maxTokenLifetime();
        if (!max.isZero()) {
            Instant start = iat != null ? iat : now;
            if (Duration.between(start, exp).compareTo(max) > 0) {
                throw new TokenRefusal(AuthnReason.LIFETIME_TOO_LONG, "token lives " + Duration.between(start, exp).toSeconds()
                        + "s, longer than the " + max.toSeconds() + "s allowed for issuer " + issuer.name());
            }
        }
        return exp;
    }

    private static Instant time(Map<String, Object> claims, String name) throws TokenRefusal {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw new TokenRefusal(AuthnReason.MALFORMED_TOKEN, "claim " + name + " must be a number of seconds, but is "
                    + CompactJws.jsonType(value));
        }
        double seconds = n.doubleValue();
        if (Double.isNaN(seconds) || Math.abs(seconds) > 1e11) {
            throw new TokenRefusal(AuthnReason.MALFORMED_TOKEN, "claim " + name + " is out of range");
        }
        return Instant.ofEpochSecond(n.longValue());
    }

    private static String describe(List<String> audiences) {
        if (audiences.isEmpty()) {
            return "(none)";
        }
        List<String> quoted = new ArrayList<>();
        for (String a : audiences.subList(0, Math.min(5, audiences.size()))) {
            quoted.add(Text.quote(a));
        }
        return String.join(", ", quoted) + (audiences.size() > 5 ? ", …" : "");
    }

    private static String stringOrNull(Object value) {
        return value instanceof String s ? s : null;
    }
}
