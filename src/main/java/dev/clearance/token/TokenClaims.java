package dev.clearance.token;

import dev.clearance.common.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading claim values the way both rule dialects need: strings, string-or-array claims, the credential id. */
final class TokenClaims {

    /** Added like kube-apiserver's own JWT authenticator does, so audit logs can name the credential. */
    static final String CREDENTIAL_ID_EXTRA = "authentication.kubernetes.io/credential-id";

    private TokenClaims() {}

    /** A claim that is a string or an array of strings, as a list; absent or null is empty. */
    static List<String> stringOrList(Map<String, Object> claims, String name, AuthnReason onWrongType) throws TokenRefusal {
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

    static void checkGroupCount(int groups, int maxGroups) throws TokenRefusal {
        if (groups > maxGroups) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "token carries " + groups + " groups, more than the "
                    + maxGroups + " allowed (clearance.authn.max-groups)");
        }
    }

    /** {@code authentication.kubernetes.io/credential-id: ["JTI=<jti>"]} for a non-empty string {@code jti}. */
    static void credentialId(Map<String, Object> claims, Map<String, List<String>> extra) throws TokenRefusal {
        if (claims.get("jti") instanceof String jti && !jti.isEmpty()) {
            IdentityStrings.check("extra " + CREDENTIAL_ID_EXTRA + " value", "jti", jti, "JTI=" + jti);
            extra.put(CREDENTIAL_ID_EXTRA, List.of("JTI=" + jti));
        }
    }

    /**
     * A claim value for a message: a string quoted, anything else by its JSON type. Never {@code String.valueOf}:
     * printing a claim nested thousands deep overflows the stack.
     */
    static String describe(Object value) {
        return value == null ? "missing" : value instanceof String s ? Text.quote(s) : CompactJws.jsonType(value);
    }
}
