package dev.clearance.token;

import dev.clearance.common.Text;
import dev.clearance.token.cel.CelNull;
import dev.clearance.token.cel.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@link FileRules} reads claims and expression results, each the way kube-apiserver's JWT authenticator reads
 * them (Go's {@code json.Unmarshal} into a string, {@code convertCELValueToStringList}), with the type named in words
 * when a value does not fit.
 */
final class FileValues {

    private FileValues() {}

    /** A claim read as a Go string: it must be present; JSON null reads as "" (as Go's json.Unmarshal leaves it). */
    static String claimString(Map<String, Object> claims, String name, String what) throws TokenRefusal {
        if (!claims.containsKey(name)) {
            throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "token has no " + name + " claim to take the " + what + " from");
        }
        Object value = claims.get(name);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, what + " claim " + name + " must be a string, but is "
                    + CompactJws.jsonType(value));
        }
        return s;
    }

    /** kube-apiserver's convertCELValueToStringList: "", [] and null are none; empty strings in a list dropped. */
    static List<String> stringList(Object value, String what, Expression expression) throws TokenRefusal {
        if (value instanceof String s) {
            return s.isEmpty() ? List.of() : List.of(s);
        }
        if (value == CelNull.INSTANCE) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw notStrings(what, expression, "a list holding " + celType(item));
                }
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }
        throw notStrings(what, expression, celType(value));
    }

    static TokenRefusal notStrings(String what, Expression expression, String got) {
        return new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, what + " " + Text.quote(expression.source())
                + " must return a string or a list of strings, but returned " + got);
    }

    static boolean isTrue(Object result) throws TokenRefusal {
        if (result instanceof Boolean b) {
            return b;
        }
        throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "a validation expression must return a boolean, but returned "
                + celType(result));
    }

    static String celType(Object value) {
        if (value == null || value == CelNull.INSTANCE) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a bool";
        }
        if (value instanceof Long) {
            return "an int";
        }
        if (value instanceof Double) {
            return "a double";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
