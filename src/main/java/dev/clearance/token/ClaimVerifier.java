package dev.clearance.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim rules applied after the signature has been verified: times, audience, required claims, and the
 * mapping to a prefixed Kubernetes identity. Pure: the time comes in as an argument.
 */
final class ClaimVerifier {

    /** Added like kube-apiserver's own JWT authenticator does, so audit logs can name the credential. */
    static final String CREDENTIAL_ID_EXTRA = "authentication.kubernetes.io/credential-id";

    private final int maxGroups;

    ClaimVerifier(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    VerifiedToken verify(IssuerSettings issuer, Map<String, Object> claims, Instant now) throws TokenRefusal {
        Instant expiry = checkTimes(issuer, claims, now);
        List<String> audiences = stringOrList(claims, "aud", AuthnReason.AUDIENCE_MISMATCH);
        if (audiences.stream().noneMatch(issuer.audiences()::contains)) {
            throw new TokenRefusal(AuthnReason.AUDIENCE_MISMATCH, "token audience " + describe(audiences)
                    + " does not include this cluster (" + String.join(", ", new java.util.TreeSet<>(issuer.audiences()))
                    + ") for issuer " + issuer.name());
        }
        for (Map.Entry<String, String> rule : issuer.requiredClaims().entrySet()) {
            Object value = claims.get(rule.getKey());
            if (!rule.getValue().equals(value)) {
                // never String.valueOf(value): printing a claim nested thousands deep overflows the stack
                String actual = value == null ? "missing" : value instanceof String s ? Text.quote(s) : CompactJws.jsonType(value);
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "required claim " + rule.getKey() + " must be "
                        + Text.quote(rule.getValue()) + " but is " + actual);
            }
        }
        Identity identity = mapIdentity(issuer.claims(), claims);
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

    private Identity mapIdentity(ClaimMapping mapping, Map<String, Object> claims) throws TokenRefusal {
        String usernameClaim = mapping.usernameClaim();
        Object rawUsername = claims.get(usernameClaim);
        if (rawUsername == null || "".equals(rawUsername)) {
            throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "token has no " + usernameClaim + " claim to take the username from");
        }
        if (!(rawUsername instanceof String username)) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "username claim " + usernameClaim + " must be a string, but is "
                    + CompactJws.jsonType(rawUsername));
        }
        Object verified = claims.get("email_verified");
        if ("email".equals(usernameClaim) && !Boolean.TRUE.equals(verified)) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "email is used as the username but email_verified is not "
                    + "JSON true (it is " + (verified == null ? "missing" : Boolean.FALSE.equals(verified) ? "false"
                            : CompactJws.jsonType(verified)) + ")");
        }
        String name = mapping.usernamePrefix() + username;
        IdentityStrings.check("username", usernameClaim, username, name);

        List<String> rawGroups = claims.containsKey(mapping.groupsClaim())
                ? stringOrList(claims, mapping.groupsClaim(), AuthnReason.CLAIM_RULE_FAILED)
                : List.of();
        if (rawGroups.size() > maxGroups) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "token carries " + rawGroups.size()
                    + " groups, more than the " + maxGroups + " allowed");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String group : rawGroups) {
            if (!group.isEmpty()) {
                String prefixed = mapping.groupsPrefix() + group;
                IdentityStrings.check("group", mapping.groupsClaim(), group, prefixed);
                groups.add(prefixed);
            }
        }

        String uid = null;
        if (mapping.uidClaim().isPresent()) {
            Object rawUid = claims.get(mapping.uidClaim().get());
            if (rawUid == null) {
                throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "token has no " + mapping.uidClaim().get() + " claim to take the uid from");
            }
            if (!(rawUid instanceof String s)) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "uid claim " + mapping.uidClaim().get()
                        + " must be a string, but is " + CompactJws.jsonType(rawUid));
            }
            IdentityStrings.check("uid", mapping.uidClaim().get(), s, s);
            uid = s;
        }

        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : mapping.extra().entrySet()) {
            if (claims.containsKey(e.getValue())) {
                List<String> values = stringOrList(claims, e.getValue(), AuthnReason.CLAIM_RULE_FAILED);
                for (String value : values) {
                    IdentityStrings.check("extra " + e.getKey() + " value", e.getValue(), value, value);
                }
                if (!values.isEmpty()) {
                    extra.put(e.getKey(), values);
                }
            }
        }
        if (claims.get("jti") instanceof String jti && !jti.isEmpty()) {
            IdentityStrings.check("extra " + CREDENTIAL_ID_EXTRA + " value", "jti", jti, "JTI=" + jti);
            extra.put(CREDENTIAL_ID_EXTRA, List.of("JTI=" + jti));
        }
        return new Identity(name, uid, new ArrayList<>(groups), extra);
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

    /** A claim that is a string or an array of strings, as a list. */
    private static List<String> stringOrList(Map<String, Object> claims, String name, AuthnReason onWrongType)
            throws TokenRefusal {
        Object value = claims.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TokenRefusal(onWrongType, "claim " + name + " must be a string or an array of strings, but holds "
                            + CompactJws.jsonType(item));
                }
                out.add(s);
            }
            return out;
        }
        throw new TokenRefusal(onWrongType, "claim " + name + " must be a string or an array of strings, but is "
                + CompactJws.jsonType(value));
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
