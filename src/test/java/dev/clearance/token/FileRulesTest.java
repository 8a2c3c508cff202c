package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.cel.CelCompileError;
import dev.clearance.token.cel.ClaimExpressions;
import dev.clearance.token.cel.Expression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The identity an AuthenticationConfiguration entry gives a token, case by case against what kube-apiserver's JWT
 * authenticator does (oidc.go), plus clearance's own bounds on top. Real CEL throughout.
 */
class FileRulesTest {

    private static final ClaimExpressions CEL = ClaimExpressions.standard();

    /** Builds the rules of one case; the defaults are {@code username: {claim: sub, prefix: "oidc:"}}. */
    static final class Rules {
        FileRules.Source username = new FileRules.Source.Claim("sub", "oidc:");
        Optional<FileRules.Source> groups = Optional.empty();
        Optional<FileRules.Source> uid = Optional.empty();
        final List<FileRules.Extra> extra = new ArrayList<>();
        final List<FileRules.ClaimRule> claimRules = new ArrayList<>();
        final List<FileRules.UserRule> userRules = new ArrayList<>();
        boolean allowSystemNames;

        FileRules build() {
            return new FileRules(username, groups, uid, extra, claimRules, userRules, allowSystemNames);
        }
    }

    static Expression cel(String source) {
        try {
            return CEL.compileClaims(source, false);
        } catch (CelCompileError e) {
            throw new AssertionError(source + ": " + e.getMessage(), e);
        }
    }

    static Expression rule(String source) {
        try {
            return CEL.compileClaims(source, true);
        } catch (CelCompileError e) {
            throw new AssertionError(source + ": " + e.getMessage(), e);
        }
    }

    static Expression userRule(String source) {
        try {
            return CEL.compileUser(source);
        } catch (CelCompileError e) {
            throw new AssertionError(source + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "user:alice");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == REMOVE) {
                claims.remove((String) pairs[i]);
            } else {
                claims.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return claims;
    }

    static final Object REMOVE = new Object();

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** One case: rules, claims, and either the identity expected or a piece of the refusal's sentence. */
    record Case(String name, Consumer<Rules> rules, Map<String, Object> claims, Identity identity, AuthnReason reason,
            String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case ok(String name, Consumer<Rules> rules, Map<String, Object> claims, String username, String uid,
            List<String> groups, Map<String, List<String>> extra) {
        return new Case(name, rules, claims, new Identity(username, uid, groups, extra), null, null);
    }

    static Case refused(String name, Consumer<Rules> rules, Map<String, Object> claims, AuthnReason reason, String message) {
        return new Case(name, rules, claims, null, reason, message);
    }

    static Consumer<Rules> groupsClaim(String prefix) {
        return r -> r.groups = Optional.of(new FileRules.Source.Claim("groups", prefix));
    }

    static Consumer<Rules> groupsCel(String source) {
        return r -> r.groups = Optional.of(new FileRules.Source.Cel(cel(source)));
    }

    static Consumer<Rules> usernameCel(String source) {
        return r -> r.username = new FileRules.Source.Cel(cel(source));
    }

    static Consumer<Rules> extraCel(String key, String source) {
        return r -> r.extra.add(new FileRules.Extra(key, cel(source)));
    }

    static Consumer<Rules> none() {
        return r -> { };
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // username from a claim
                ok("username claim with a prefix", none(), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("username claim with prefix \"\"", r -> r.username = new FileRules.Source.Claim("sub", ""), claims(),
                        "user:alice", null, List.of(), Map.of()),
                refused("username claim absent", none(), claims("sub", REMOVE), AuthnReason.MISSING_CLAIM, "no sub claim"),
                refused("username claim a number", none(), claims("sub", 7L), AuthnReason.CLAIM_RULE_FAILED, "must be a string"),
                ok("username claim null reads as \"\" (as Go does), the prefix makes it a name", none(), claims("sub", null),
                        "oidc:", null, List.of(), Map.of()),
                refused("an empty username without a prefix is refused (clearance)",
                        r -> r.username = new FileRules.Source.Claim("sub", ""), claims("sub", ""),
                        AuthnReason.IDENTITY_INVALID, "empty"),
                // email_verified, with username.claim: email
                ok("email with email_verified true", r -> r.username = new FileRules.Source.Claim("email", ""),
                        claims("email", "a@example.com", "email_verified", true), "a@example.com", null, List.of(), Map.of()),
                ok("email without email_verified is accepted (kube-apiserver)",
                        r -> r.username = new FileRules.Source.Claim("email", ""), claims("email", "a@example.com"),
                        "a@example.com", null, List.of(), Map.of()),
                refused("email with email_verified false", r -> r.username = new FileRules.Source.Claim("email", ""),
                        claims("email", "a@example.com", "email_verified", false), AuthnReason.CLAIM_RULE_FAILED, "not verified"),
                refused("email with email_verified \"true\" (a string)", r -> r.username = new FileRules.Source.Claim("email", ""),
                        claims("email", "a@example.com", "email_verified", "true"), AuthnReason.CLAIM_RULE_FAILED, "must be a boolean"),
                refused("email with email_verified null", r -> r.username = new FileRules.Source.Claim("email", ""),
                        claims("email", "a@example.com", "email_verified", null), AuthnReason.CLAIM_RULE_FAILED, "not verified"),
                // username from an expression
                ok("username expression", usernameCel("'oidc:' + claims.sub"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                refused("username expression returning a number", usernameCel("claims.n"), claims("n", 3L),
                        AuthnReason.CLAIM_RULE_FAILED, "must return a string, but returned a double"),
                refused("username expression returning \"\"", usernameCel("''"), claims(), AuthnReason.CLAIM_RULE_FAILED,
                        "empty username"),
                refused("username expression reading a missing claim", usernameCel("claims.nope"), claims(),
                        AuthnReason.CLAIM_RULE_FAILED, "failed to evaluate"),
                ok("username expression over a nested claim", usernameCel("claims.realm.name"),
                        claims("realm", Map.of("name", "alice")), "alice", null, List.of(), Map.of()),
                ok("username expression over a dotted claim name through __dot__", usernameCel("claims.preferred__dot__name"),
                        claims("preferred.name", "alice"), "alice", null, List.of(), Map.of()),
                ok("username expression over a dashed claim name with map syntax", usernameCel("claims['user-name']"),
                        claims("user-name", "alice"), "alice", null, List.of(), Map.of()),
                // groups from a claim
                ok("groups claim as an array, prefixed, order and repeats kept", groupsClaim("oidc:"),
                        claims("groups", list("b", "a", "b")), "oidc:user:alice", null, List.of("oidc:b", "oidc:a", "oidc:b"), Map.of()),
                ok("groups claim as a string", groupsClaim("g:"), claims("groups", "admins"), "oidc:user:alice", null,
                        List.of("g:admins"), Map.of()),
                ok("groups claim null is no groups", groupsClaim("g:"), claims("groups", null), "oidc:user:alice", null,
                        List.of(), Map.of()),
                ok("groups claim absent is no groups", groupsClaim("g:"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("an empty group in the claim is kept, as kube-apiserver keeps it", groupsClaim("g:"), claims("groups", list("")),
                        "oidc:user:alice", null, List.of("g:"), Map.of()),
                refused("groups claim holding a number", groupsClaim("g:"), claims("groups", list("a", 1L)),
                        AuthnReason.CLAIM_RULE_FAILED, "array of strings"),
                refused("groups claim an object", groupsClaim("g:"), claims("groups", Map.of()), AuthnReason.CLAIM_RULE_FAILED,
                        "array of strings"),
                // groups from an expression
                ok("groups expression mapping a list", groupsCel("claims.groups.map(g, 'oidc:' + g)"), claims("groups", list("a", "b")),
                        "oidc:user:alice", null, List.of("oidc:a", "oidc:b"), Map.of()),
                ok("groups expression \"\" is none", groupsCel("''"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("groups expression [] is none", groupsCel("[]"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("groups expression null is none", groupsCel("null"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("groups expression drops empty strings", groupsCel("['a', '', 'b']"), claims(), "oidc:user:alice", null,
                        List.of("a", "b"), Map.of()),
                ok("groups expression as one string", groupsCel("'team-' + claims.team"), claims("team", "x"), "oidc:user:alice",
                        null, List.of("team-x"), Map.of()),
                refused("groups expression returning numbers", groupsCel("[1, 2]"), claims(), AuthnReason.CLAIM_RULE_FAILED,
                        "a string or a list of strings"),
                refused("groups expression returning an int", groupsCel("1"), claims(), AuthnReason.CLAIM_RULE_FAILED,
                        "a string or a list of strings"),
                ok("groups from a string-or-array claim with optionals", groupsCel("claims.?groups.orValue([])"), claims(),
                        "oidc:user:alice", null, List.of(), Map.of()),
                // uid
                ok("uid claim", r -> r.uid = Optional.of(new FileRules.Source.Claim("sub", "")), claims(), "oidc:user:alice",
                        "user:alice", List.of(), Map.of()),
                refused("uid claim absent", r -> r.uid = Optional.of(new FileRules.Source.Claim("oid", "")), claims(),
                        AuthnReason.MISSING_CLAIM, "no oid claim"),
                ok("uid expression may be empty", r -> r.uid = Optional.of(new FileRules.Source.Cel(cel("''"))), claims(),
                        "oidc:user:alice", "", List.of(), Map.of()),
                refused("uid expression returning a bool", r -> r.uid = Optional.of(new FileRules.Source.Cel(cel("true"))), claims(),
                        AuthnReason.CLAIM_RULE_FAILED, "must return a string"),
                // extra, numbers as doubles
                ok("extra from an expression, and the credential id of jti", extraCel("example.com/host", "claims.host"),
                        claims("host", "h1", "jti", "j-1"), "oidc:user:alice", null, List.of(), Map.of("example.com/host", List.of("h1"),
                                TokenClaims.CREDENTIAL_ID_EXTRA, List.of("JTI=j-1"))),
                ok("an empty extra is omitted", extraCel("example.com/host", "''"), claims(), "oidc:user:alice", null, List.of(), Map.of()),
                ok("a non-string jti gives no credential id", none(), claims("jti", 5L), "oidc:user:alice", null, List.of(), Map.of()),
                ok("a JSON integer is a double in CEL and prints as Go prints it",
                        extraCel("example.com/n", "[string(claims.small), string(claims.big), string(claims.n == 3)]"),
                        claims("small", 3L, "big", 1000001L, "n", 3L), "oidc:user:alice", null, List.of(),
                        Map.of("example.com/n", List.of("3", "1.000001e+06", "true"))),
                refused("an extra returning a map", extraCel("example.com/m", "{'a': 'b'}"), claims(), AuthnReason.CLAIM_RULE_FAILED,
                        "a string or a list of strings"),
                // claim validation rules
                ok("a required claim that matches", r -> r.claimRules.add(new FileRules.ClaimRule.Required("hd", "example.com")),
                        claims("hd", "example.com"), "oidc:user:alice", null, List.of(), Map.of()),
                refused("a required claim that is absent", r -> r.claimRules.add(new FileRules.ClaimRule.Required("hd", "example.com")),
                        claims(), AuthnReason.MISSING_CLAIM, "required claim hd"),
                refused("a required claim that differs", r -> r.claimRules.add(new FileRules.ClaimRule.Required("hd", "example.com")),
                        claims("hd", "evil.com"), AuthnReason.CLAIM_RULE_FAILED, "must be \"example.com\""),
                refused("a required claim that is not a string", r -> r.claimRules.add(new FileRules.ClaimRule.Required("hd", "1")),
                        claims("hd", 1L), AuthnReason.CLAIM_RULE_FAILED, "must be a string"),
                ok("a required claim without requiredValue must be \"\"", r -> r.claimRules.add(new FileRules.ClaimRule.Required("hd", "")),
                        claims("hd", ""), "oidc:user:alice", null, List.of(), Map.of()),
                refused("a false rule gives its message", r -> r.claimRules.add(new FileRules.ClaimRule.Cel(rule("claims.n > 5"),
                        "n must exceed 5")), claims("n", 3L), AuthnReason.CLAIM_RULE_FAILED, "n must exceed 5"),
                refused("a rule that fails to evaluate", r -> r.claimRules.add(new FileRules.ClaimRule.Cel(rule("claims.nope == 'x'"),
                        "m")), claims(), AuthnReason.CLAIM_RULE_FAILED, "failed to evaluate"),
                // user validation rules
                ok("a user rule over groups", r -> {
                    groupsClaim("oidc:").accept(r);
                    r.userRules.add(new FileRules.UserRule(userRule("user.groups.exists(g, g == 'oidc:a')"), "needs a"));
                }, claims("groups", list("a")), "oidc:user:alice", null, List.of("oidc:a"), Map.of()),
                refused("a false user rule gives its message", r -> r.userRules.add(new FileRules.UserRule(
                        userRule("user.username.endsWith('bob')"), "only bob")), claims(), AuthnReason.CLAIM_RULE_FAILED, "only bob"),
                ok("a user rule over an escaped extra key", r -> {
                    extraCel("example.com/host", "claims.host").accept(r);
                    r.userRules.add(new FileRules.UserRule(userRule("user.extra.example__dot__com__slash__host == ['h1']"), "m"));
                }, claims("host", "h1"), "oidc:user:alice", null, List.of(), Map.of("example.com/host", List.of("h1"))),
                // clearance's own bounds
                refused("a system: username is refused", r -> r.username = new FileRules.Source.Claim("sub", ""),
                        claims("sub", "system:admin"), AuthnReason.IDENTITY_INVALID, "system:"),
                refused("a system: group is refused", groupsClaim(""), claims("groups", list("system:masters")),
                        AuthnReason.IDENTITY_INVALID, "system:masters"),
                ok("system: names pass when allowed", r -> {
                    groupsClaim("").accept(r);
                    r.allowSystemNames = true;
                }, claims("groups", list("system:masters")), "oidc:user:alice", null, List.of("system:masters"), Map.of()),
                refused("a group with a trailing tab is refused", groupsClaim("g:"), claims("groups", list("admins\t")),
                        AuthnReason.IDENTITY_INVALID, "control character"),
                refused("more groups than max-groups", groupsClaim("g:"), claims("groups", list("a", "b", "c", "d", "e")),
                        AuthnReason.CLAIM_RULE_FAILED, "more than the 4 allowed"),
                // order: mappings before rules, as kube-apiserver
                refused("a mapping error comes before a failing rule", r -> {
                    usernameCel("claims.nope").accept(r);
                    r.claimRules.add(new FileRules.ClaimRule.Required("hd", "x"));
                }, claims(), AuthnReason.CLAIM_RULE_FAILED, "username expression")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsAsKubeApiserverDoes(Case c) throws Exception {
        Rules rules = new Rules();
        c.rules().accept(rules);
        FileRules built = rules.build();
        Map<String, Object> claims = new HashMap<>(c.claims());
        if (c.identity() != null) {
            assertEquals(c.identity(), built.identity(claims, 4));
        } else {
            TokenRefusal refusal = assertThrows(TokenRefusal.class, () -> built.identity(claims, 4));
            assertEquals(c.reason(), refusal.reason(), refusal.getMessage());
            assertTrue(refusal.getMessage().contains(c.message()), refusal.getMessage());
        }
    }
}
