package dev.clearance.token;

import dev.clearance.common.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The short form's rules ({@code clearance.issuers.<name>.*}): required claims equal to strings, then a username,
 * groups, uid and extra taken from named claims with non-empty prefixes. Stricter than kube-apiserver where that is
 * safer: a username taken from {@code email} needs {@code email_verified} to be JSON {@code true} (absent is refused),
 * and empty or repeated groups are dropped.
 *
 * @param requiredClaims claim name to the string it must equal
 */
record ShortFormRules(ClaimMapping mapping, Map<String, String> requiredClaims) implements IdentityRules {

    ShortFormRules {
        requiredClaims = Map.copyOf(requiredClaims);
    }

    @Override
    public Identity identity(Map<String, Object> claims, int maxGroups) throws TokenRefusal {
        for (Map.Entry<String, String> rule : requiredClaims.entrySet()) {
            Object value = claims.get(rule.getKey());
            if (!rule.getValue().equals(value)) {
                throw new TokenRefusal(AuthnReason.CLAIM_RULE_FAILED, "required claim " + rule.getKey() + " must be "
                        + Text.quote(rule.getValue()) + " but is " + TokenClaims.describe(value));
            }
        }
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
                ? TokenClaims.stringOrList(claims, mapping.groupsClaim(), AuthnReason.CLAIM_RULE_FAILED)
                : List.of();
        TokenClaims.checkGroupCount(rawGroups.size(), maxGroups);
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
                throw new TokenRefusal(AuthnReason.MISSING_CLAIM, "token has no " + mapping.uidClaim().get()
                        + " claim to take the uid from");
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
                List<String> values = TokenClaims.stringOrList(claims, e.getValue(), AuthnReason.CLAIM_RULE_FAILED);
                for (String value : values) {
                    IdentityStrings.check("extra " + e.getKey() + " value", e.getValue(), value, value);
                }
                if (!values.isEmpty()) {
                    extra.put(e.getKey(), values);
                }
            }
        }
        TokenClaims.credentialId(claims, extra);
        return new Identity(name, uid, new ArrayList<>(groups), extra);
    }
}
