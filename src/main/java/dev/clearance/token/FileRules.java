package dev.clearance.token;

import dev.clearance.common.Text;
import dev.clearance.token.cel.CelEvaluationError;
import dev.clearance.token.cel.Expression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of one {@code jwt[]} entry of an {@code AuthenticationConfiguration}, applied as kube-apiserver's JWT
 * authenticator applies them (oidc.go {@code AuthenticateToken}), in its order: username, groups, uid, extra, then
 * the claim validation rules, then the user validation rules. The same token gives the same username, uid, groups
 * (order and repeats kept) and extra, or a refusal where kube-apiserver refuses.
 *
 * <p>On top, clearance's identity-string rule ({@link IdentityStrings}), its group bound, and unless
 * {@code allowSystemNames} a refusal of usernames and groups in Kubernetes' reserved {@code system:} space (a file
 * may set {@code prefix: ""}; a token must still not become {@code system:masters}).
 */
record FileRules(
        Source username,
        Optional<Source> groups,
        Optional<Source> uid,
        List<Extra> extra,
        List<ClaimRule> claimRules,
        List<UserRule> userRules,
        boolean allowSystemNames) implements IdentityRules {

    /** Where a value comes from: a claim (with a prefix for username and groups) or an expression. */
    sealed interface Source {
        /** @param prefix "" for none, and for uid */
        record Claim(String name, String prefix) implements Source {}

        record Cel(Expression expression) implements Source {}
    }

    record Extra(String key, Expression value) {}

    sealed interface ClaimRule {
        /** The claim must be present, a string, and equal to {@code value} ("" when the file gives none). */
        record Required(String claim, String value) implements ClaimRule {}

        record Cel(Expression expression, String message) implements ClaimRule {}
    }

    record UserRule(Expression expression, String message) {}

    FileRules {
        extra = List.copyOf(extra);
        claimRules = List.copyOf(claimRules);
        userRules = List.copyOf(userRules);
    }

    @Override
    public Identity identity(Map<String, Object> claims, int maxGroups) throws TokenRefusal {
        String name = username(claims);
        List<String> groupList = groups(claims);
        TokenClaims.checkGroupCount(groupList.size(), maxGroups);
        String uidValue = uid(claims);
        Map<String, List<String>> extraValues = extra(claims);

        for (ClaimRule rule : claimRules) {
            if (rule instanceof ClaimRule.Required required) {
                checkRequired(claims, required);
            }
        }
        for (ClaimRule rule : claimRules) {
            if (rule instanceof ClaimRule.Cel cel && !FileValues.isTrue(evaluate(cel.expression(), claims, "claim validation rule"))) {
                throw failed(cel.expression(), cel.message());
            }
        }
        for (UserRule rule : userRules) {
            Object result;
            try {
                result = rule.expression().evaluateUser(name, uidValue == null ? "" : uidValue, groupList, extraValues);
            } catch (CelEvaluationError e) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "user validation rule "
                        + Text.quote(rule.expression().source()) + " failed to evaluate: " + e.getMessage());
            }
            if (!FileValues.isTrue(result)) {
                throw failed(rule.expression(), rule.message());
            }
        }
        checkNames(name, groupList);
        return new Identity(name, uidValue, groupList, extraValues);
    }

    private String username(Map<String, Object> claims) throws TokenRefusal {
        if (username instanceof Source.Cel cel) {
            Object value = evaluate(cel.expression(), claims, "username expression");
            if (!(value instanceof String s)) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "username expression " + Text.quote(cel.expression().source())
                        + " must return a string, but returned " + FileValues.celType(value));
            }
            if (s.isEmpty()) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "username expression " + Text.quote(cel.expression().source())
                        + " returned an empty username");
            }
            IdentityStrings.check("username", "(expression)", s, s);
            return s;
        }
        Source.Claim claim = (Source.Claim) username;
        String value = FileValues.claimString(claims, claim.name(), "username");
        if (claim.name().equals("email") && claims.containsKey("email_verified")) {
            Object verified = claims.get("email_verified");
            if (verified != null && !(verified instanceof Boolean)) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "email is used as the username and email_verified must "
                        + "be a boolean, but is " + CompactJws.jsonType(verified));
            }
            if (!Boolean.TRUE.equals(verified)) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "email is used as the username but email_verified is "
                        + (verified == null ? "null" : "false") + ": the email is not verified");
            }
        }
        String prefixed = claim.prefix() + value;
        if (prefixed.isEmpty()) {
            throw new TokenRefusal(AuthnReason.IDENTITY_INVALID, "username claim " + claim.name() + " is empty and the file "
                    + "sets no prefix; clearance refuses an empty username");
        }
        IdentityStrings.check("username", claim.name(), value, prefixed);
        return prefixed;
    }

    private List<String> groups(Map<String, Object> claims) throws TokenRefusal {
        if (groups.isEmpty()) {
            return List.of();
        }
        if (groups.get() instanceof Source.Claim claim) {
            // kube-apiserver: an absent claim is no groups; null is no groups; a string is one group; empty strings kept
            List<String> raw = TokenClaims.stringOrList(claims, claim.name(), AuthnReason.CLAIM_RULE_FAILED);
            List<String> out = new ArrayList<>(raw.size());
            for (String group : raw) {
                String prefixed = claim.prefix() + group;
                IdentityStrings.check("group", claim.name(), group, prefixed);
                out.add(prefixed);
            }
            return out;
        }
        Expression expression = ((Source.Cel) groups.get()).expression();
        return FileValues.stringList(evaluate(expression, claims, "groups expression"), "groups expression", expression);
    }

    private String uid(Map<String, Object> claims) throws TokenRefusal {
        if (uid.isEmpty()) {
            return null;
        }
        if (uid.get() instanceof Source.Claim claim) {
            String value = FileValues.claimString(claims, claim.name(), "uid");
            IdentityStrings.check("uid", claim.name(), value, value);
            return value;
        }
        Expression expression = ((Source.Cel) uid.get()).expression();
        Object value = evaluate(expression, claims, "uid expression");
        if (!(value instanceof String s)) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "uid expression " + Text.quote(expression.source())
                    + " must return a string, but returned " + FileValues.celType(value));
        }
        IdentityStrings.check("uid", "(expression)", s, s);
        return s;
    }

    private Map<String, List<String>> extra(Map<String, Object> claims) throws TokenRefusal {
        Map<String, List<String>> out = new LinkedHashMap<>();
        TokenClaims.credentialId(claims, out);
        for (Extra mapping : extra) {
            List<String> values = FileValues.stringList(evaluate(mapping.value(), claims, "extra " + mapping.key() + " expression"),
                    "extra " + mapping.key() + " expression", mapping.value());
            for (String value : values) {
                IdentityStrings.check("extra " + mapping.key() + " value", "(expression)", value, value);
            }
            if (!values.isEmpty()) {
                out.put(mapping.key(), values);
            }
        }
        return out;
    }

    private static void checkRequired(Map<String, Object> claims, ClaimRule.Required rule) throws TokenRefusal {
        if (!claims.containsKey(rule.claim())) {
            throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "required claim " + rule.claim() + " is not present in the token");
        }
        String value = FileValues.claimString(claims, rule.claim(), "required claim");
        if (!value.equals(rule.value())) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "required claim " + rule.claim() + " must be "
                    + Text.quote(rule.value()) + " but is " + Text.quote(value));
        }
    }

    private static Object evaluate(Expression expression, Map<String, Object> claims, String what) throws TokenRefusal {
        try {
            return expression.evaluateClaims(claims);
        } catch (CelEvaluationError e) {
            throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, what + " " + Text.quote(expression.source())
                    + " failed to evaluate: " + e.getMessage());
        }
    }

    private static TokenRefusal failed(Expression expression, String message) {
        return new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "validation expression " + Text.quote(expression.source())
                + " failed" + (message.isEmpty() ? "" : ": " + message));
    }

    private void checkNames(String name, List<String> groupList) throws TokenRefusal {
        if (allowSystemNames) {
            return;
        }
        if (name.startsWith("system:")) {
            throw new TokenRefusal(AuthnReason.IDENTITY_INVALID, "username " + Text.quote(name) + " is in Kubernetes' reserved "
                    + "system: space; clearance refuses it (set clearance.authn.allow-system-names=true to allow)");
        }
        for (String group : groupList) {
            if (group.startsWith("system:")) {
                throw new TokenRefusal(AuthnReason.IDENTITY_INVALID, "group " + Text.quote(group) + " is in Kubernetes' reserved "
                        + "system: space; clearance refuses it (set clearance.authn.allow-system-names=true to allow)");
            }
        }
    }


}
