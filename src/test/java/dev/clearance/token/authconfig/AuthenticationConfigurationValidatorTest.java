package dev.clearance.token.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.cel.ClaimExpressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-apiserver's validation, error for error. No case here has an expression, so no CEL is compiled (cases that
 * need compilation are in {@link ExpressionRulesTest}); {@link #NO_CEL} is null so that an accidental compilation
 * fails loudly.
 */
class AuthenticationConfigurationValidatorTest {

    static final ClaimExpressions NO_CEL = null;

    private static final String HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n";
    static final String CA = resource("keys/tls-ca.pem");

    /** A valid authenticator; {@code %s} is the issuer url. */
    private static String entry(String url) {
        return """
                - issuer:
                    url: %s
                    audiences: [cluster-a]
                  claimMappings:
                    username: {claim: sub, prefix: "oidc:"}
                """.formatted(url);
    }

    /** A file of one authenticator whose issuer block is {@code issuer} and whose mappings are {@code mappings}. */
    private static String one(String issuer, String mappings) {
        return HEAD + "jwt:\n- issuer:\n" + indent(issuer, 4) + "  claimMappings:\n" + indent(mappings, 4);
    }

    private static final String ISSUER = "url: https://issuer.example\naudiences: [cluster-a]\n";
    private static final String MAPPINGS = "username: {claim: sub, prefix: \"oidc:\"}\n";

    private static String issuer(String url) {
        return one("url: " + url + "\naudiences: [cluster-a]\n", MAPPINGS);
    }

    record Case(String name, String file, boolean allowLoopbackHttp, List<String> errors) {
        Case(String name, String file, String... errors) {
            this(name, file, false, List.of(errors));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> validFiles() {
        return Stream.of(
                new Case("no jwt at all", HEAD),
                new Case("an empty jwt list", HEAD + "jwt: []\n"),
                new Case("one claim-mapped issuer", one(ISSUER, MAPPINGS)),
                new Case("64 issuers", HEAD + "jwt:\n" + IntStream.range(0, 64)
                        .mapToObj(i -> entry("https://issuer-" + i + ".example")).collect(Collectors.joining())),
                new Case("the scheme is case-insensitive", issuer("HTTPS://issuer.example")),
                new Case("an empty query is no query", issuer("https://issuer.example/path?")),
                new Case("an empty fragment is no fragment", issuer("https://issuer.example/path#")),
                new Case("an opaque https URL, as Go parses it", issuer("https:issuer.example")),
                new Case("a port and a path", issuer("https://issuer.example:8443/realms/a")),
                new Case("an IPv6 host with a port", issuer("https://[2001:db8::1]:8443")),
                new Case("http on localhost when loopback http is allowed", issuer("http://localhost:8080"), true, List.of()),
                new Case("http on 127.0.0.1 when loopback http is allowed", issuer("http://127.0.0.1"), true, List.of()),
                new Case("http on [::1] when loopback http is allowed", issuer("http://[::1]:9000/x"), true, List.of()),
                new Case("loopback http discovery when allowed", one(ISSUER
                        + "discoveryURL: http://127.0.0.1:9000/.well-known/openid-configuration\n", MAPPINGS), true, List.of()),
                new Case("a discoveryURL with a path of its own", one(ISSUER
                        + "discoveryURL: https://issuer.example/.well-known/openid-configuration\n", MAPPINGS)),
                new Case("two audiences with MatchAny", one("url: https://issuer.example\naudiences: [a, b]\n"
                        + "audienceMatchPolicy: MatchAny\n", MAPPINGS)),
                new Case("one audience with MatchAny", one(ISSUER + "audienceMatchPolicy: MatchAny\n", MAPPINGS)),
                new Case("a certificate authority", one(ISSUER + "certificateAuthority: |\n" + indent(CA, 2), MAPPINGS)),
                new Case("a certificate authority after a private key block", one(ISSUER + "certificateAuthority: |\n"
                        + indent("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" + CA, 2), MAPPINGS)),
                new Case("egress selector cluster", one(ISSUER + "egressSelectorType: cluster\n", MAPPINGS)),
                new Case("an empty username prefix", one(ISSUER, "username: {claim: sub, prefix: \"\"}\n")),
                new Case("groups and uid by claim", one(ISSUER, MAPPINGS
                        + "groups: {claim: groups, prefix: \"oidc:\"}\nuid: {claim: sub}\n")),
                new Case("claim rules", HEAD + """
                        jwt:
                        - issuer: {url: "https://issuer.example", audiences: [a]}
                          claimValidationRules:
                          - {claim: hd, requiredValue: example.com}
                          - {claim: tenant}
                          claimMappings:
                            username: {claim: sub, prefix: ""}
                        """),
                new Case("anonymous enabled with conditions", HEAD
                        + "anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n"),
                new Case("anonymous disabled without conditions", HEAD + "anonymous:\n  enabled: false\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void acceptsWhatKubeApiserverAccepts(Case c) {
        assertEquals(List.of(), validate(c).errors());
    }

    static Stream<Case> invalidFiles() {
        return Stream.of(
                new Case("65 issuers", HEAD + "jwt:\n" + IntStream.range(0, 65)
                        .mapToObj(i -> entry("http://issuer-" + i + ".example")).collect(Collectors.joining()),
                        "jwt: Too many: 65: must have at most 64 items"),
                new Case("no issuer url", one("audiences: [cluster-a]\n", MAPPINGS), "jwt[0].issuer.url: Required value"),
                new Case("an http issuer", issuer("http://issuer.example"),
                        "jwt[0].issuer.url: Invalid value: \"http://issuer.example\": URL scheme must be https"),
                new Case("no scheme at all", issuer("issuer.example"),
                        "jwt[0].issuer.url: Invalid value: \"issuer.example\": URL scheme must be https"),
                new Case("a port that is not a number", issuer("https://issuer.example:invalid-port"),
                        "jwt[0].issuer.url: Invalid value: \"https://issuer.example:invalid-port\": parse"
                                + " \"https://issuer.example:invalid-port\": invalid port \":invalid-port\" after host"),
                new Case("a username and password", issuer("https://user:pass@issuer.example"),
                        "jwt[0].issuer.url: Invalid value: \"https://user:pass@issuer.example\": URL must not contain a"
                                + " username or password"),
                new Case("an empty userinfo", issuer("https://@issuer.example"),
                        "jwt[0].issuer.url: Invalid value: \"https://@issuer.example\": URL must not contain a username"
                                + " or password"),
                new Case("a query", issuer("https://issuer.example?query"),
                        "jwt[0].issuer.url: Invalid value: \"https://issuer.example?query\": URL must not contain a query"),
                new Case("a fragment", issuer("https://issuer.example#fragment"),
                        "jwt[0].issuer.url: Invalid value: \"https://issuer.example#fragment\": URL must not contain a"
                                + " fragment"),
                new Case("an http URL with a query and a fragment: three errors in order", issuer("http://a?q#f"),
                        "jwt[0].issuer.url: Invalid value: \"http://a?q#f\": URL scheme must be https",
                        "jwt[0].issuer.url: Invalid value: \"http://a?q#f\": URL must not contain a query",
                        "jwt[0].issuer.url: Invalid value: \"http://a?q#f\": URL must not contain a fragment"),
                new Case("a non-printable character is escaped as Go does", issuer("\"http://issuer.example/\\u00a0\""),
                        "jwt[0].issuer.url: Invalid value: \"http://issuer.example/\\u00a0\": URL scheme must be https"),
                new Case("loopback http when it is not allowed", issuer("http://localhost:8080"),
                        "jwt[0].issuer.url: Invalid value: \"http://localhost:8080\": URL scheme must be https"),
                new Case("http on a look-alike of localhost", issuer("http://localhost.example"), true,
                        List.of("jwt[0].issuer.url: Invalid value: \"http://localhost.example\": URL scheme must be https")),
                new Case("http on another loopback address", issuer("http://127.0.0.2"), true,
                        List.of("jwt[0].issuer.url: Invalid value: \"http://127.0.0.2\": URL scheme must be https")),
                new Case("http on a host that only starts like [::1]", issuer("\"http://[::1]]\""), true,
                        List.of("jwt[0].issuer.url: Invalid value: \"http://[::1]]\": URL scheme must be https")),
                new Case("loopback does not excuse userinfo", issuer("http://u@localhost"), true,
                        List.of("jwt[0].issuer.url: Invalid value: \"http://u@localhost\": URL must not contain a username"
                                + " or password")),
                new Case("a discoveryURL equal to the url", one(ISSUER + "discoveryURL: https://issuer.example///\n", MAPPINGS),
                        "jwt[0].issuer.discoveryURL: Invalid value: \"https://issuer.example///\": discoveryURL must be"
                                + " different from URL"),
                new Case("an http discoveryURL", one(ISSUER + "discoveryURL: http://discovery.example\n", MAPPINGS),
                        "jwt[0].issuer.discoveryURL: Invalid value: \"http://discovery.example\": URL scheme must be https"),
                new Case("two issuers with the same url", HEAD + "jwt:\n" + entry("https://a") + entry("https://a"),
                        "jwt[1].issuer.url: Duplicate value: \"https://a\""),
                new Case("two issuers with the same discoveryURL", HEAD + "jwt:\n"
                        + entry("https://a").replace("audiences", "discoveryURL: https://d\n    audiences")
                        + entry("https://b").replace("audiences", "discoveryURL: https://d\n    audiences"),
                        "jwt[1].issuer.discoveryURL: Duplicate value: \"https://d\""),
                new Case("no audiences", one("url: https://issuer.example\n", MAPPINGS),
                        "jwt[0].issuer.audiences: Required value: at least one jwt[0].issuer.audiences is required"),
                new Case("an empty audience", one("url: https://issuer.example\naudiences: [\"\"]\n", MAPPINGS),
                        "jwt[0].issuer.audiences[0]: Required value"),
                new Case("a repeated audience, without MatchAny", one("url: https://issuer.example\naudiences: [a, a]\n",
                        MAPPINGS), "jwt[0].issuer.audiences[1]: Duplicate value: \"a\"",
                        "jwt[0].issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be MatchAny for"
                                + " multiple audiences"),
                new Case("one audience with another policy", one(ISSUER + "audienceMatchPolicy: MatchExact\n", MAPPINGS),
                        "jwt[0].issuer.audienceMatchPolicy: Invalid value: \"MatchExact\": audienceMatchPolicy must be"
                                + " empty or MatchAny for single audience"),
                new Case("a certificate authority that is not PEM", one(ISSUER + "certificateAuthority: invalid\n", MAPPINGS),
                        "jwt[0].issuer.certificateAuthority: Invalid value: \"<omitted>\": data does not contain any valid"
                                + " RSA or ECDSA certificates"),
                new Case("a certificate authority with no certificate block", one(ISSUER + "certificateAuthority: |\n"
                        + indent("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 2), MAPPINGS),
                        "jwt[0].issuer.certificateAuthority: Invalid value: \"<omitted>\": data does not contain any valid"
                                + " RSA or ECDSA certificates"),
                new Case("a damaged certificate", one(ISSUER + "certificateAuthority: |\n"
                        + indent("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" + CA, 2), MAPPINGS),
                        "jwt[0].issuer.certificateAuthority: Invalid value: \"<omitted>\": x509: malformed certificate"),
                new Case("an unknown egress selector", one(ISSUER + "egressSelectorType: panda\n", MAPPINGS),
                        "jwt[0].issuer.egressSelectorType: Invalid value: \"panda\": egress selector must be either"
                                + " controlplane or cluster"),
                new Case("a claim rule with neither claim nor expression", one(ISSUER, MAPPINGS).replace("  claimMappings:",
                        "  claimValidationRules:\n  - {requiredValue: x}\n  claimMappings:"),
                        "jwt[0].claimValidationRules[0]: Required value: claim or expression is required"),
                new Case("a claim rule with both claim and expression", one(ISSUER, MAPPINGS).replace("  claimMappings:",
                        "  claimValidationRules:\n  - {claim: hd, expression: \"claims.hd == 'x'\"}\n  claimMappings:"),
                        "jwt[0].claimValidationRules[0]: Invalid value: \"hd\": claim and expression can't both be set"),
                new Case("a claim rule with a message", one(ISSUER, MAPPINGS).replace("  claimMappings:",
                        "  claimValidationRules:\n  - {claim: hd, message: wrong domain}\n  claimMappings:"),
                        "jwt[0].claimValidationRules[0].message: Invalid value: \"wrong domain\": may not be specified"
                                + " when claim is set"),
                new Case("two claim rules on one claim", one(ISSUER, MAPPINGS).replace("  claimMappings:",
                        "  claimValidationRules:\n  - {claim: hd}\n  - {claim: hd, requiredValue: x}\n  claimMappings:"),
                        "jwt[0].claimValidationRules[1].claim: Duplicate value: \"hd\""),
                new Case("no username mapping", one(ISSUER, "groups: {claim: groups, prefix: \"\"}\n"),
                        "jwt[0].claimMappings.username: Required value: claim or expression is required"),
                new Case("no claimMappings at all", HEAD + "jwt:\n- issuer: {url: \"https://issuer.example\", audiences: [a]}\n",
                        "jwt[0].claimMappings.username: Required value: claim or expression is required"),
                new Case("a username claim without a prefix", one(ISSUER, "username: {claim: sub}\n"),
                        "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It"
                                + " can be set to an empty string to disable prefixing"),
                new Case("a username prefix: null is no prefix", one(ISSUER, "username: {claim: sub, prefix: null}\n"),
                        "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It"
                                + " can be set to an empty string to disable prefixing"),
                new Case("a username with both claim and expression", one(ISSUER,
                        "username: {claim: sub, expression: claims.sub, prefix: x}\n"),
                        "jwt[0].claimMappings.username: Invalid value: \"\": claim and expression can't both be set"),
                new Case("a groups claim without a prefix", one(ISSUER, MAPPINGS + "groups: {claim: groups}\n"),
                        "jwt[0].claimMappings.groups.prefix: Required value: prefix is required when claim is set. It"
                                + " can be set to an empty string to disable prefixing"),
                new Case("groups with both claim and expression", one(ISSUER, MAPPINGS
                        + "groups: {claim: groups, expression: claims.groups}\n"),
                        "jwt[0].claimMappings.groups: Invalid value: \"\": claim and expression can't both be set"),
                new Case("uid with both claim and expression", one(ISSUER, MAPPINGS + "uid: {claim: sub, expression: claims.sub}\n"),
                        "jwt[0].claimMappings.uid: Invalid value: \"\": claim and expression can't both be set"),
                new Case("an extra mapping without a value expression", one(ISSUER, MAPPINGS
                        + "extra:\n- key: example.com/tenant\n"),
                        "jwt[0].claimMappings.extra[0].valueExpression: Required value"),
                new Case("an extra mapping without a key", one(ISSUER, MAPPINGS + "extra:\n- valueExpression: \"\"\n"),
                        "jwt[0].claimMappings.extra[0].key: Required value",
                        "jwt[0].claimMappings.extra[0].valueExpression: Required value"),
                new Case("a user rule without an expression", one(ISSUER, MAPPINGS).concat("  userValidationRules:\n"
                        + "  - message: no expression\n"), "jwt[0].userValidationRules[0].expression: Required value"),
                new Case("anonymous conditions while disabled", HEAD + "anonymous:\n  enabled: false\n  conditions:\n"
                        + "  - path: /livez\n  - path: \"/<ready>\"\n",
                        "anonymous.conditions: Invalid value: [{\"Path\":\"/livez\"},{\"Path\":\"/\\u003cready\\u003e\"}]:"
                                + " enabled should be set to true when conditions are defined"),
                new Case("several errors, in kube-apiserver's order", HEAD + """
                        jwt:
                        - issuer:
                            url: http://a
                            discoveryURL: http://a/
                            audiences: [x, x]
                            egressSelectorType: panda
                          claimValidationRules:
                          - {}
                          claimMappings:
                            username: {claim: sub}
                            uid: {claim: sub, expression: claims.sub}
                          userValidationRules:
                          - {}
                        - issuer: {url: "http://a", audiences: [z]}
                          claimMappings:
                            groups: {claim: g}
                        anonymous:
                          conditions: [{path: /x}]
                        """,
                        "jwt[0].issuer.url: Invalid value: \"http://a\": URL scheme must be https",
                        "jwt[0].issuer.discoveryURL: Invalid value: \"http://a/\": discoveryURL must be different from URL",
                        "jwt[0].issuer.discoveryURL: Invalid value: \"http://a/\": URL scheme must be https",
                        "jwt[0].issuer.audiences[1]: Duplicate value: \"x\"",
                        "jwt[0].issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be MatchAny for"
                                + " multiple audiences",
                        "jwt[0].issuer.egressSelectorType: Invalid value: \"panda\": egress selector must be either"
                                + " controlplane or cluster",
                        "jwt[0].claimValidationRules[0]: Required value: claim or expression is required",
                        "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It"
                                + " can be set to an empty string to disable prefixing",
                        "jwt[0].claimMappings.uid: Invalid value: \"\": claim and expression can't both be set",
                        "jwt[0].userValidationRules[0].expression: Required value",
                        "jwt[1].issuer.url: Invalid value: \"http://a\": URL scheme must be https",
                        "jwt[1].claimMappings.username: Required value: claim or expression is required",
                        "jwt[1].claimMappings.groups.prefix: Required value: prefix is required when claim is set. It"
                                + " can be set to an empty string to disable prefixing",
                        "jwt[1].issuer.url: Duplicate value: \"http://a\"",
                        "anonymous.conditions: Invalid value: [{\"Path\":\"/x\"}]: enabled should be set to true when"
                                + " conditions are defined"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void refusesWhatKubeApiserverRefuses(Case c) {
        assertEquals(c.errors(), validate(c).errors());
    }

    record KeyCase(String name, String key, List<String> errors) {
        KeyCase(String name, String key, String... errors) {
            this(name, key, List.of(errors));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The extra-key rules directly, since a full file would need a value expression compiled. */
    static Stream<KeyCase> extraKeys() {
        String f = "jwt[0].claimMappings.extra[0].key";
        String subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
                + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        return Stream.of(
                new KeyCase("a domain-prefixed lowercase key", "example.org/foo"),
                new KeyCase("a key with a deeper path", "example.org/foo/bar-baz_1.2"),
                new KeyCase("an empty key", "", f + ": Required value"),
                new KeyCase("a key without a domain", "foo",
                        f + ": Invalid value: \"foo\": must be a domain-prefixed path (such as \"acme.io/foo\")"),
                new KeyCase("a key with an empty domain", "/foo",
                        f + ": Invalid value: \"/foo\": must be a domain-prefixed path (such as \"acme.io/foo\")"),
                new KeyCase("a key with an empty path", "example.org/",
                        f + ": Invalid value: \"example.org/\": must be a domain-prefixed path (such as \"acme.io/foo\")"),
                new KeyCase("an uppercase path", "example.org/Foo", f + ": Invalid value: \"example.org/Foo\": must be lowercase"),
                new KeyCase("an uppercase domain", "Example.org/foo",
                        f + ": Invalid value: \"Example.org\": " + subdomain,
                        f + ": Invalid value: \"Example.org/foo\": must be lowercase"),
                new KeyCase("a domain longer than 253 bytes", "a".repeat(254) + "/foo",
                        f + ": Invalid value: \"" + "a".repeat(254) + "\": must be no more than 253 characters"),
                new KeyCase("a domain that is too long and not a subdomain", "-".repeat(254) + "/foo",
                        f + ": Invalid value: \"" + "-".repeat(254) + "\": must be no more than 253 characters",
                        f + ": Invalid value: \"" + "-".repeat(254) + "\": " + subdomain),
                new KeyCase("a path with a space", "example.org/a b",
                        f + ": Invalid value: \"a b\": Invalid path (regex used for validation is"
                                + " '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"),
                new KeyCase("k8s.io is reserved", "k8s.io/foo",
                        f + ": Invalid value: \"k8s.io/foo\": k8s.io, kubernetes.io and their subdomains are reserved for"
                                + " Kubernetes use"),
                new KeyCase("a subdomain of k8s.io is reserved", "example.k8s.io/foo",
                        f + ": Invalid value: \"example.k8s.io/foo\": k8s.io, kubernetes.io and their subdomains are"
                                + " reserved for Kubernetes use"),
                new KeyCase("kubernetes.io is reserved", "kubernetes.io/foo",
                        f + ": Invalid value: \"kubernetes.io/foo\": k8s.io, kubernetes.io and their subdomains are"
                                + " reserved for Kubernetes use"),
                new KeyCase("a subdomain of kubernetes.io is reserved", "example.kubernetes.io/foo",
                        f + ": Invalid value: \"example.kubernetes.io/foo\": k8s.io, kubernetes.io and their subdomains"
                                + " are reserved for Kubernetes use"),
                new KeyCase("a look-alike of k8s.io is not reserved", "notk8s.io/foo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraKeys")
    void checksExtraKeysAsApimachineryDoes(KeyCase c) {
        assertEquals(c.errors(), ExtraKeys.check("jwt[0].claimMappings.extra[0].key", c.key()).stream()
                .map(FieldError::toString).toList());
    }

    @Test
    void compilesAFullClaimMappedFile() {
        Validated v = validate(HEAD + """
                jwt:
                - issuer:
                    url: https://issuer.example
                    discoveryURL: https://discovery.example/.well-known/openid-configuration
                    audiences: [a, b]
                    audienceMatchPolicy: MatchAny
                    egressSelectorType: controlplane
                    certificateAuthority: |
                %s
                  claimValidationRules:
                  - {claim: hd, requiredValue: example.com}
                  - {claim: tenant}
                  claimMappings:
                    username: {claim: sub, prefix: "oidc:"}
                    groups: {claim: groups, prefix: ""}
                    uid: {claim: sub}
                - issuer: {url: "https://second.example", audiences: [a]}
                  claimMappings:
                    username: {claim: email, prefix: ""}
                anonymous:
                  enabled: true
                  conditions: [{path: /livez}]
                """.formatted(indent(CA, 6)), false);
        assertEquals(List.of(), v.errors());
        assertTrue(v.valid());
        assertEquals(List.of(
                "jwt[0].issuer.egressSelectorType is ignored: clearance connects to the issuer itself, not through"
                        + " kube-apiserver's egress selector",
                "anonymous is ignored: clearance authenticates tokens only, and kube-apiserver handles anonymous"
                        + " requests itself"), v.warnings());
        assertEquals(2, v.authenticators().size());
        CompiledAuthenticator first = v.authenticators().get(0);
        assertEquals("https://issuer.example", first.source().issuer().url());
        assertEquals(List.of(new CompiledClaimRule.RequiredClaim("hd", "example.com"),
                new CompiledClaimRule.RequiredClaim("tenant", "")), first.claimRules());
        assertEquals(Optional.empty(), first.username());
        assertEquals(Optional.empty(), first.groups());
        assertEquals(Optional.empty(), first.uid());
        assertEquals(List.of(), first.extra());
        assertEquals(List.of(), first.userRules());
        assertEquals(1, first.certificateAuthority().size());
        assertEquals("CN=clearance test CA", first.certificateAuthority().get(0).getSubjectX500Principal().getName());
        assertEquals(List.of(), v.authenticators().get(1).certificateAuthority());
    }

    @Test
    void anEmptyFileIsValidWithoutWarnings() {
        Validated v = validate(HEAD, false);
        assertEquals(new Validated(List.of(), List.of(), List.of()), v);
    }

    @Test
    void egressSelectorIsAWarningPerIssuer() {
        Validated v = validate(HEAD + "jwt:\n" + entry("https://a").replace("audiences", "egressSelectorType: cluster\n    audiences")
                + entry("https://b") + entry("https://c").replace("audiences", "egressSelectorType: controlplane\n    audiences"), false);
        assertEquals(List.of(), v.errors());
        assertEquals(List.of(
                "jwt[0].issuer.egressSelectorType is ignored: clearance connects to the issuer itself, not through"
                        + " kube-apiserver's egress selector",
                "jwt[2].issuer.egressSelectorType is ignored: clearance connects to the issuer itself, not through"
                        + " kube-apiserver's egress selector"), v.warnings());
    }

    private static Validated validate(Case c) {
        return validate(c.file(), c.allowLoopbackHttp());
    }

    static Validated validate(String file, boolean allowLoopbackHttp) {
        try {
            AuthenticationConfiguration config =
                    AuthenticationConfigurationDecoder.decode(file.getBytes(StandardCharsets.UTF_8));
            return AuthenticationConfigurationValidator.validate(config, NO_CEL, allowLoopbackHttp);
        } catch (AuthenticationConfigurationException e) {
            throw new AssertionError("the test file does not decode: " + e.getMessage(), e);
        }
    }

    static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(l -> pad + l + "\n").collect(Collectors.joining());
    }

    private static String resource(String name) {
        try (InputStream in = AuthenticationConfigurationValidatorTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
