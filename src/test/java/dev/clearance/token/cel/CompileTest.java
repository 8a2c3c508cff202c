package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compilation as kube-apiserver's validation reports it: the same refusals, in the same words. */
class CompileTest {

    enum Env { CLAIM_MAPPING, CLAIM_RULE, USER_RULE }

    record Refusal(String name, Env env, String expression, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("a syntax error", Env.CLAIM_MAPPING, "claims.sub +",
                        "compilation failed: ERROR: <input>:1:13: mismatched input '<EOF>'"),
                new Refusal("an undeclared variable", Env.CLAIM_RULE, "foo.bar",
                        "compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n"
                                + " | foo.bar\n | ^"),
                new Refusal("user in the claims environment", Env.CLAIM_MAPPING, "user.username",
                        "compilation failed: ERROR: <input>:1:1: undeclared reference to 'user'"),
                new Refusal("claims in the user environment", Env.USER_RULE, "claims.sub == 'x'",
                        "compilation failed: ERROR: <input>:1:1: undeclared reference to 'claims'"),
                new Refusal("a field kubernetes.UserInfo does not have", Env.USER_RULE, "user.nosuchfield == 'x'",
                        "compilation failed: ERROR: <input>:1:5: undefined field 'nosuchfield'"),
                new Refusal("a claim rule that returns a string", Env.CLAIM_RULE, "claims.sub + 'x'",
                        "must evaluate to bool"),
                new Refusal("a claim rule of type dyn, which kube-apiserver refuses too", Env.CLAIM_RULE, "claims.foo",
                        "must evaluate to bool"),
                new Refusal("a claim rule of optional type", Env.CLAIM_RULE, "claims.?email_verified",
                        "must evaluate to bool"),
                new Refusal("a user rule that returns a string", Env.USER_RULE, "user.username",
                        "must evaluate to bool"),
                new Refusal("string reverse, from a later strings version than kube-apiserver's", Env.CLAIM_MAPPING,
                        "'abc'.reverse()", "compilation failed: ERROR: <input>:1:14: found no matching overload for"
                                + " 'reverse'"),
                new Refusal("a function on the wrong type", Env.CLAIM_MAPPING, "'x'.find(1)",
                        "compilation failed: ERROR: <input>:1:9: found no matching overload for 'find'"),
                new Refusal("a list literal mixing types", Env.CLAIM_MAPPING, "[1, 'a']",
                        "compilation failed: ERROR: <input>:1:5: expected type 'int' but found 'string'"),
                new Refusal("a map literal mixing value types", Env.CLAIM_MAPPING, "{'a': 1, 'b': 'x'}",
                        "compilation failed: ERROR: <input>:1:13: expected type 'int' but found 'string'"),
                new Refusal("a literal regex that RE2 refuses", Env.CLAIM_RULE, "claims.sub.matches('(')",
                        "compilation failed: ERROR: <input>:1:20: invalid matches argument"),
                new Refusal("a literal regex with a backreference, which RE2 lacks", Env.CLAIM_RULE,
                        "claims.sub.matches('(a)\\\\1')", "compilation failed: ERROR: <input>:1:20: invalid matches"
                                + " argument"),
                new Refusal("a bad duration literal", Env.CLAIM_MAPPING, "duration('bad')",
                        "compilation failed: ERROR: <input>:1:10: duration validation failed"),
                new Refusal("a bad timestamp literal", Env.CLAIM_MAPPING, "timestamp('x')",
                        "compilation failed: ERROR: <input>:1:11: timestamp validation failed"),
                new Refusal("cel.bind, which kube-apiserver does not offer", Env.CLAIM_MAPPING,
                        "cel.bind(x, 1, x)", "compilation failed: ERROR: <input>:1:"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesAsKubeApiserver(Refusal r) {
        CelCompileError error = assertThrows(CelCompileError.class, () -> compile(r.env(), r.expression()));
        assertTrue(error.getMessage().startsWith(r.message()), error.getMessage());
    }

    record Accepted(String name, Env env, String expression) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Accepted> accepted() {
        return Stream.of(
                new Accepted("a mapping of type dyn", Env.CLAIM_MAPPING, "claims.sub"),
                new Accepted("a mapping of type string", Env.CLAIM_MAPPING, "'oidc:' + claims.sub"),
                new Accepted("a mapping of type list", Env.CLAIM_MAPPING, "claims.groups.map(g, g)"),
                new Accepted("a bool claim rule", Env.CLAIM_RULE, "claims.?email_verified.orValue(true) == true"),
                new Accepted("a bool user rule over every field", Env.USER_RULE,
                        "user.username != '' && user.uid == '' && 'g' in user.groups && size(user.extra) >= 0"),
                new Accepted("a rule of type bool built from dyn", Env.CLAIM_RULE, "has(claims.sub)"),
                new Accepted("format's argument list mixing types", Env.CLAIM_MAPPING, "'%s-%d'.format(['a', 1])"),
                new Accepted("an RE2 named group, which java.util.regex refuses", Env.CLAIM_RULE,
                        "claims.sub.matches('(?P<id>[0-9]+)')"),
                new Accepted("a regex from a claim, checked only when evaluated", Env.CLAIM_RULE,
                        "claims.sub.matches(claims.pattern)"));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("accepted")
    void accepts(Accepted a) throws CelCompileError {
        assertEquals(a.expression(), compile(a.env(), a.expression()).source());
    }

    @Test
    void refusesAnExpressionLongerThanTheLimitBeforeParsingIt() {
        ClaimExpressions cel = ClaimExpressions.withLimits(new CelLimits(20, 100, 1000));
        CelCompileError error = assertThrows(CelCompileError.class,
                () -> cel.compileClaims("claims.sub + '" + "x".repeat(10) + "'", false));
        assertEquals("compilation failed: the expression is 25 characters long, more than the limit of 20",
                error.getMessage());
    }

    @Test
    void acceptsAnExpressionAtTheLengthLimitCountingCodePoints() throws CelCompileError {
        ClaimExpressions cel = ClaimExpressions.withLimits(new CelLimits(10, 100, 1000));
        assertEquals("'😀😀😀😀😀😀😀😀'", cel.compileClaims("'😀😀😀😀😀😀😀😀'", false).source());
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> ClaimExpressions.withLimits(new CelLimits(10, 0, 10)));
    }

    private static Expression compile(Env env, String expression) throws CelCompileError {
        return switch (env) {
            case CLAIM_MAPPING -> Payloads.CEL.compileClaims(expression, false);
            case CLAIM_RULE -> Payloads.CEL.compileClaims(expression, true);
            case USER_RULE -> Payloads.CEL.compileUser(expression);
        };
    }
}
