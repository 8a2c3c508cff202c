package dev.clearance.token.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.clearance.token.cel.ClaimExpressions;
import dev.clearance.token.cel.Expression;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules that need expressions compiled: compilation errors, bool results, duplicates, prefixes beside
 * expressions and the email rule. The only class of this package that compiles CEL (it needs the cel branch).
 */
class ExpressionRulesTest {

    private static final ClaimExpressions CEL = ClaimExpressions.standard();
    private static final String HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n"
            + "jwt:\n- issuer: {url: \"https://issuer.example\", audiences: [a]}\n";
    private static final String UNDECLARED_FOO = "compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo'"
            + " (in container '')\n | foo.bar\n | ^";
    private static final String EMAIL_RULE = "claims.email_verified must be used in claimMappings.username.expression"
            + " or claimMappings.extra[*].valueExpression or claimValidationRules[*].expression when claims.email is"
            + " used in claimMappings.username.expression";

    /** An authenticator's body after its issuer: claimValidationRules, claimMappings, userValidationRules. */
    record Case(String name, String body, List<String> errors) {
        Case(String name, String body, String... errors) {
            this(name, body, List.of(errors));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("every kind of expression", """
                          claimValidationRules:
                          - {expression: "claims.hd == 'example.com'", message: wrong domain}
                          claimMappings:
                            username: {expression: "'oidc:' + claims.sub"}
                            groups: {expression: claims.groups}
                            uid: {expression: claims.sub}
                            extra:
                            - {key: example.com/tenant, valueExpression: claims.tenant}
                          userValidationRules:
                          - {expression: "!user.username.startsWith('system:')", message: no system users}
                        """),
                new Case("a claim rule that does not compile", """
                          claimValidationRules:
                          - expression: foo.bar
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                        """, "jwt[0].claimValidationRules[0].expression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("a claim rule that is not a bool", """
                          claimValidationRules:
                          - expression: claims.foo
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                        """, "jwt[0].claimValidationRules[0].expression: Invalid value: \"claims.foo\": must evaluate to bool"),
                new Case("a required value beside an expression", """
                          claimValidationRules:
                          - {expression: "claims.hd == 'x'", requiredValue: x}
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                        """, "jwt[0].claimValidationRules[0].requiredValue: Invalid value: \"x\": may not be specified when"
                                + " expression is set"),
                new Case("two claim rules with one expression", """
                          claimValidationRules:
                          - expression: "claims.hd == 'x'"
                          - expression: "claims.hd == 'x'"
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                        """, "jwt[0].claimValidationRules[1].expression: Duplicate value: \"claims.hd == 'x'\""),
                new Case("a username expression that does not compile", """
                          claimMappings:
                            username: {expression: foo.bar}
                        """, "jwt[0].claimMappings.username.expression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("a prefix beside a username expression", """
                          claimMappings:
                            username: {expression: claims.sub, prefix: "oidc:"}
                        """, "jwt[0].claimMappings.username.prefix: Invalid value: \"oidc:\": may not be specified when"
                                + " expression is set"),
                new Case("an empty prefix beside a username expression is still a prefix", """
                          claimMappings:
                            username: {expression: claims.sub, prefix: ""}
                        """, "jwt[0].claimMappings.username.prefix: Invalid value: \"\": may not be specified when"
                                + " expression is set"),
                new Case("a groups expression that does not compile", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            groups: {expression: foo.bar}
                        """, "jwt[0].claimMappings.groups.expression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("a prefix beside a groups expression", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            groups: {expression: claims.groups, prefix: "oidc:"}
                        """, "jwt[0].claimMappings.groups.prefix: Invalid value: \"oidc:\": may not be specified when"
                                + " expression is set"),
                new Case("a uid expression that does not compile", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            uid: {expression: foo.bar}
                        """, "jwt[0].claimMappings.uid.expression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("an extra value that does not compile", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            extra:
                            - {key: example.org/foo, valueExpression: foo.bar}
                        """, "jwt[0].claimMappings.extra[0].valueExpression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("two extra mappings with one key", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            extra:
                            - {key: example.org/foo, valueExpression: claims.a}
                            - {key: example.org/foo, valueExpression: claims.b}
                        """, "jwt[0].claimMappings.extra[1].key: Duplicate value: \"example.org/foo\""),
                new Case("a reserved extra key with a valid value", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                            extra:
                            - {key: k8s.io/foo, valueExpression: claims.a}
                        """, "jwt[0].claimMappings.extra[0].key: Invalid value: \"k8s.io/foo\": k8s.io, kubernetes.io and"
                                + " their subdomains are reserved for Kubernetes use"),
                new Case("a user rule that does not compile", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                          userValidationRules:
                          - expression: foo.bar
                        """, "jwt[0].userValidationRules[0].expression: Invalid value: \"foo.bar\": " + UNDECLARED_FOO),
                new Case("a user rule that is not a bool", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                          userValidationRules:
                          - expression: user.username
                        """, "jwt[0].userValidationRules[0].expression: Invalid value: \"user.username\": must evaluate to bool"),
                new Case("two user rules with one expression", """
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                          userValidationRules:
                          - expression: "user.username == 'foo'"
                          - expression: "user.username == 'foo'"
                        """, "jwt[0].userValidationRules[1].expression: Duplicate value: \"user.username == 'foo'\""),
                new Case("a username from an unverified email", """
                          claimMappings:
                            username: {expression: claims.email}
                        """, "jwt[0].claimMappings.username.expression: Invalid value: \"claims.email\": " + EMAIL_RULE),
                new Case("an optional email select counts as email", """
                          claimMappings:
                            username: {expression: "claims.?email.orValue('')"}
                        """, "jwt[0].claimMappings.username.expression: Invalid value: \"claims.?email.orValue('')\": "
                                + EMAIL_RULE),
                new Case("email inside a list counts as email", """
                          claimMappings:
                            username: {expression: "['yay', string(claims.email), 'panda'].join(' ')"}
                        """, "jwt[0].claimMappings.username.expression: Invalid value: \"['yay', string(claims.email),"
                                + " 'panda'].join(' ')\": " + EMAIL_RULE),
                new Case("email verified in the username expression itself", """
                          claimMappings:
                            username: {expression: "claims.email_verified ? claims.email : claims.sub"}
                        """),
                new Case("email verified in a claim rule", """
                          claimValidationRules:
                          - expression: claims.email_verified == true
                          claimMappings:
                            username: {expression: claims.email}
                        """),
                new Case("email verified in an extra value", """
                          claimMappings:
                            username: {expression: claims.email}
                            extra:
                            - {key: example.org/verified, valueExpression: "string(claims.email_verified)"}
                        """),
                new Case("a claim rule on email verified that is not a bool does not count, and both errors show", """
                          claimValidationRules:
                          - expression: claims.?email_verified.orValue(true)
                          claimMappings:
                            username: {expression: "{claims.?email: 'panda'}"}
                        """, "jwt[0].claimValidationRules[0].expression: Invalid value: \"claims.?email_verified.orValue(true)\":"
                                + " must evaluate to bool",
                        "jwt[0].claimMappings.username.expression: Invalid value: \"{claims.?email: 'panda'}\": " + EMAIL_RULE),
                new Case("a field named email deeper in a claim is not the email claim", """
                          claimMappings:
                            username: {expression: claims.other.claims.email}
                        """),
                new Case("email_ is not email", """
                          claimMappings:
                            username: {expression: claims.email_}
                        """),
                new Case("a username with a prefix error skips the email rule, as upstream", """
                          claimMappings:
                            username: {expression: claims.email, prefix: x}
                        """, "jwt[0].claimMappings.username.prefix: Invalid value: \"x\": may not be specified when"
                                + " expression is set"),
                new Case("an email claim mapping (not an expression) needs no verification rule", """
                          claimMappings:
                            username: {claim: email, prefix: ""}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesKubeApiserversExpressionRules(Case c) throws AuthenticationConfigurationException {
        assertEquals(c.errors(), validate(HEAD + c.body()).errors());
    }

    @Test
    void compilesEveryExpressionOnceInFileOrder() throws AuthenticationConfigurationException {
        Validated v = validate(HEAD + """
                  claimValidationRules:
                  - {claim: hd, requiredValue: example.com}
                  - {expression: "claims.exp - claims.iat <= 3600", message: too long}
                  claimMappings:
                    username: {expression: "'oidc:' + claims.sub"}
                    groups: {expression: claims.groups}
                    uid: {expression: claims.sub}
                    extra:
                    - {key: example.com/a, valueExpression: claims.a}
                    - {key: example.com/b, valueExpression: claims.b}
                  userValidationRules:
                  - {expression: "!user.username.startsWith('system:')", message: no system users}
                """);
        assertEquals(List.of(), v.errors());
        CompiledAuthenticator a = v.authenticators().get(0);
        assertEquals(Optional.of("'oidc:' + claims.sub"), a.username().map(Expression::source));
        assertEquals(Optional.of("claims.groups"), a.groups().map(Expression::source));
        assertEquals(Optional.of("claims.sub"), a.uid().map(Expression::source));
        assertEquals(List.of("example.com/a=claims.a", "example.com/b=claims.b"),
                a.extra().stream().map(e -> e.key() + "=" + e.value().source()).toList());
        assertEquals(new CompiledClaimRule.RequiredClaim("hd", "example.com"), a.claimRules().get(0));
        CompiledClaimRule.Condition condition = assertInstanceOf(CompiledClaimRule.Condition.class, a.claimRules().get(1));
        assertEquals("claims.exp - claims.iat <= 3600", condition.expression().source());
        assertEquals("too long", condition.message());
        assertEquals(1, a.userRules().size());
        assertEquals("no system users", a.userRules().get(0).message());
        assertEquals("!user.username.startsWith('system:')", a.userRules().get(0).expression().source());
    }

    private static Validated validate(String file) throws AuthenticationConfigurationException {
        AuthenticationConfiguration config = AuthenticationConfigurationDecoder.decode(file.getBytes(StandardCharsets.UTF_8));
        return AuthenticationConfigurationValidator.validate(config, CEL, false);
    }
}
