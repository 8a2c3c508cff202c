package dev.clearance.token.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The file is decoded as strictly as kube-apiserver decodes it, and bounded beyond that. */
class AuthenticationConfigurationDecoderTest {

    private static final String HEAD = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n";

    /** One issuer with claim mappings; each case changes one line of it. */
    private static final String ONE = HEAD + """
            jwt:
            - issuer:
                url: https://issuer.example
                audiences: [cluster-a]
              claimMappings:
                username:
                  claim: sub
                  prefix: "oidc:"
            """;

    static final Issuer ISSUER = new Issuer("https://issuer.example", "", "", List.of("cluster-a"), "", "");
    static final ClaimMappings MAPPINGS = mappings(new PrefixedClaimOrExpression("sub", "oidc:", ""));

    record Valid(String name, String file, AuthenticationConfiguration expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> validFiles() {
        return Stream.of(
                new Valid("no jwt key at all", HEAD, config("apiserver.config.k8s.io/v1", List.of())),
                new Valid("an empty jwt list", HEAD + "jwt: []\n", config("apiserver.config.k8s.io/v1", List.of())),
                new Valid("jwt: null", HEAD + "jwt: null\n", config("apiserver.config.k8s.io/v1", List.of())),
                new Valid("one issuer", ONE, one(ISSUER, MAPPINGS)),
                new Valid("apiVersion v1beta1", ONE.replace("/v1\n", "/v1beta1\n"),
                        config("apiserver.config.k8s.io/v1beta1", List.of(jwt(ISSUER, MAPPINGS)))),
                new Valid("apiVersion v1alpha1", ONE.replace("/v1\n", "/v1alpha1\n"),
                        config("apiserver.config.k8s.io/v1alpha1", List.of(jwt(ISSUER, MAPPINGS)))),
                new Valid("the same file as JSON, with tabs", """
                        {"apiVersion": "apiserver.config.k8s.io/v1", "kind": "AuthenticationConfiguration",
                        \t"jwt": [{"issuer": {"url": "https://issuer.example", "audiences": ["cluster-a"]},
                        \t\t"claimMappings": {"username": {"claim": "sub", "prefix": "oidc:"}}}]}
                        """, one(ISSUER, MAPPINGS)),
                new Valid("JSON escapes YAML lacks", """
                        {"apiVersion": "apiserver.config.k8s.io\\/v1", "kind": "AuthenticationConfiguration",
                         "jwt": [{"issuer": {"url": "https:\\/\\/issuer.example", "audiences": ["cluster-\\u0061"]},
                          "claimMappings": {"username": {"claim": "sub", "prefix": "oidc:"}}}]}
                        """, one(ISSUER, MAPPINGS)),
                new Valid("JSON after whitespace and a byte order mark", "\uFEFF \n{\"apiVersion\": \"apiserver.config.k8s.io/v1\","
                        + " \"kind\": \"AuthenticationConfiguration\"}", config("apiserver.config.k8s.io/v1", List.of())),
                new Valid("an empty prefix disables prefixing", ONE.replace("prefix: \"oidc:\"", "prefix: \"\""),
                        one(ISSUER, mappings(new PrefixedClaimOrExpression("sub", "", "")))),
                new Valid("prefix: null is an absent prefix", ONE.replace("prefix: \"oidc:\"", "prefix: null"),
                        one(ISSUER, mappings(new PrefixedClaimOrExpression("sub", null, "")))),
                new Valid("prefix: ~ is an absent prefix", ONE.replace("prefix: \"oidc:\"", "prefix: ~"),
                        one(ISSUER, mappings(new PrefixedClaimOrExpression("sub", null, "")))),
                new Valid("prefix: with no value is an absent prefix", ONE.replace("prefix: \"oidc:\"", "prefix:"),
                        one(ISSUER, mappings(new PrefixedClaimOrExpression("sub", null, "")))),
                new Valid("a quoted yes is a string", ONE.replace("prefix: \"oidc:\"", "prefix: 'yes'"),
                        one(ISSUER, mappings(new PrefixedClaimOrExpression("sub", "yes", "")))),
                new Valid("a timestamp-like scalar stays a string", ONE.replace("[cluster-a]", "[2001-12-14]"),
                        one(new Issuer("https://issuer.example", "", "", List.of("2001-12-14"), "", ""), MAPPINGS)),
                new Valid("YeS is not a YAML 1.1 bool", ONE.replace("[cluster-a]", "[YeS]"),
                        one(new Issuer("https://issuer.example", "", "", List.of("YeS"), "", ""), MAPPINGS)),
                new Valid("an explicit !!str tag makes a number a string", ONE.replace("[cluster-a]", "[!!str 123]"),
                        one(new Issuer("https://issuer.example", "", "", List.of("123"), "", ""), MAPPINGS)),
                new Valid("a null audience is an empty one", ONE.replace("[cluster-a]", "[null]"),
                        one(new Issuer("https://issuer.example", "", "", List.of(""), "", ""), MAPPINGS)),
                new Valid("a byte order mark", "\uFEFF" + HEAD, config("apiserver.config.k8s.io/v1", List.of())),
                new Valid("an anchor without an alias", ONE.replace("[cluster-a]", "&aud [cluster-a]"),
                        one(ISSUER, MAPPINGS)),
                new Valid("a full file", HEAD + """
                        jwt:
                        - issuer:
                            url: https://issuer.example
                            discoveryURL: https://discovery.example/.well-known/openid-configuration
                            certificateAuthority: |
                              PEM
                            audiences: [a, b]
                            audienceMatchPolicy: MatchAny
                            egressSelectorType: controlplane
                          claimValidationRules:
                          - claim: hd
                            requiredValue: example.com
                          - expression: claims.exp - claims.nbf <= 86400
                            message: total token lifetime must not exceed 24 hours
                          claimMappings:
                            username:
                              expression: claims.sub
                            groups:
                              claim: groups
                              prefix: ""
                            uid:
                              claim: sub
                            extra:
                            - key: example.com/tenant
                              valueExpression: claims.tenant
                          userValidationRules:
                          - expression: "!user.username.startsWith('system:')"
                            message: no system users
                        anonymous:
                          enabled: true
                          conditions:
                          - path: /livez
                          - path: /readyz
                        """, new AuthenticationConfiguration("apiserver.config.k8s.io/v1", List.of(new JwtAuthenticator(
                                new Issuer("https://issuer.example",
                                        "https://discovery.example/.well-known/openid-configuration", "PEM\n",
                                        List.of("a", "b"), "MatchAny", "controlplane"),
                                List.of(new ClaimValidationRule("hd", "example.com", "", ""),
                                        new ClaimValidationRule("", "", "claims.exp - claims.nbf <= 86400",
                                                "total token lifetime must not exceed 24 hours")),
                                new ClaimMappings(new PrefixedClaimOrExpression("", null, "claims.sub"),
                                        new PrefixedClaimOrExpression("groups", "", ""),
                                        new ClaimOrExpression("sub", ""),
                                        List.of(new ExtraMapping("example.com/tenant", "claims.tenant"))),
                                List.of(new UserValidationRule("!user.username.startsWith('system:')", "no system users")))),
                                Optional.of(new Anonymous(true, List.of("/livez", "/readyz"))))),
                new Valid("anonymous: {} is present and disabled", HEAD + "anonymous: {}\n",
                        new AuthenticationConfiguration("apiserver.config.k8s.io/v1", List.of(),
                                Optional.of(new Anonymous(false, List.of())))),
                new Valid("anonymous: null is absent", HEAD + "anonymous: null\n",
                        config("apiserver.config.k8s.io/v1", List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void decodesWhatKubeApiserverDecodes(Valid c) throws AuthenticationConfigurationException {
        assertEquals(c.expected(), decode(c.file()));
    }

    record Invalid(String name, String file, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalidFiles() {
        return Stream.of(
                new Invalid("a misspelt field", ONE.replace("    url:", "    url: https://issuer.example\n    discoveryUrl:"),
                        "strict decoding error: unknown field \"jwt[0].issuer.discoveryUrl\""),
                new Invalid("field names are case-sensitive", ONE.replace("    url:", "    URL:"),
                        "strict decoding error: unknown field \"jwt[0].issuer.URL\""),
                new Invalid("two unknown fields, in file order", ONE + "metadata: {}\nspec: {}\n",
                        "strict decoding error: unknown field \"metadata\", unknown field \"spec\""),
                new Invalid("an unknown field in an anonymous condition", HEAD + "anonymous:\n  conditions:\n  - paths: /livez\n",
                        "strict decoding error: unknown field \"anonymous.conditions[0].paths\""),
                new Invalid("a repeated field in YAML", ONE.replace("    url:", "    url: https://other.example\n    url:"),
                        "strict decoding error: duplicate field \"jwt[0].issuer.url\""),
                new Invalid("a repeated field in JSON", """
                        {"apiVersion": "apiserver.config.k8s.io/v1", "kind": "AuthenticationConfiguration",
                         "jwt": [], "jwt": []}
                        """, "strict decoding error: duplicate field \"jwt\""),
                new Invalid("an unknown field and a repeated one", ONE + "kind: AuthenticationConfiguration\nextra: 1\n",
                        "strict decoding error: duplicate field \"kind\", unknown field \"extra\""),
                new Invalid("a yes key is the field \"true\"", HEAD + "yes: 1\n", "strict decoding error: unknown field \"true\""),
                new Invalid("no apiVersion", "kind: AuthenticationConfiguration\n",
                        "apiVersion is missing: it must be apiserver.config.k8s.io/v1, apiserver.config.k8s.io/v1beta1"
                                + " or apiserver.config.k8s.io/v1alpha1"),
                new Invalid("an unknown apiVersion", HEAD.replace("/v1", "/v2"),
                        "apiVersion \"apiserver.config.k8s.io/v2\" is not supported: it must be apiserver.config.k8s.io/v1,"
                                + " apiserver.config.k8s.io/v1beta1 or apiserver.config.k8s.io/v1alpha1"),
                new Invalid("no kind", "apiVersion: apiserver.config.k8s.io/v1\n",
                        "kind is missing: it must be AuthenticationConfiguration"),
                new Invalid("another kind of the same group", HEAD.replace("kind: Authentication", "kind: Authorization"),
                        "kind \"AuthorizationConfiguration\" is not supported: it must be AuthenticationConfiguration"),
                new Invalid("neither apiVersion nor kind", "jwt: []\n",
                        "apiVersion is missing: it must be apiserver.config.k8s.io/v1, apiserver.config.k8s.io/v1beta1"
                                + " or apiserver.config.k8s.io/v1alpha1; kind is missing: it must be AuthenticationConfiguration"),
                new Invalid("a wrong apiVersion hides unknown fields, as in kube-apiserver", "apiVersion: v1\n"
                        + "kind: AuthenticationConfiguration\nfoo: 1\n", "apiVersion \"v1\" is not supported: it must be"
                                + " apiserver.config.k8s.io/v1, apiserver.config.k8s.io/v1beta1 or apiserver.config.k8s.io/v1alpha1"),
                new Invalid("apiVersion is a number", "apiVersion: 1\nkind: AuthenticationConfiguration\n",
                        "json: cannot unmarshal number into apiVersion of type string (line 1)"),
                new Invalid("a number where a string goes", ONE.replace("url: https://issuer.example", "url: 443"),
                        "json: cannot unmarshal number into jwt[0].issuer.url of type string (line 5)"),
                new Invalid("a bare yes is a bool, not a prefix", ONE.replace("prefix: \"oidc:\"", "prefix: yes"),
                        "json: cannot unmarshal bool into jwt[0].claimMappings.username.prefix of type string (line 10)"),
                new Invalid("on is a bool too", ONE.replace("[cluster-a]", "[on]"),
                        "json: cannot unmarshal bool into jwt[0].issuer.audiences[0] of type string (line 6)"),
                new Invalid("an octal number", ONE.replace("[cluster-a]", "[0o17]"),
                        "json: cannot unmarshal number into jwt[0].issuer.audiences[0] of type string (line 6)"),
                new Invalid("a float", ONE.replace("[cluster-a]", "[1.5e3]"),
                        "json: cannot unmarshal number into jwt[0].issuer.audiences[0] of type string (line 6)"),
                new Invalid("an object where a list goes", ONE.replace("[cluster-a]", "{a: b}"),
                        "json: cannot unmarshal object into jwt[0].issuer.audiences of type array (line 6)"),
                new Invalid("a string where a list goes", ONE.replace("[cluster-a]", "cluster-a"),
                        "json: cannot unmarshal string into jwt[0].issuer.audiences of type array (line 6)"),
                new Invalid("jwt as an object", HEAD + "jwt: {}\n",
                        "json: cannot unmarshal object into jwt of type array (line 3)"),
                new Invalid("a string where an object goes", HEAD + "jwt:\n- issuer: https://issuer.example\n",
                        "json: cannot unmarshal string into jwt[0].issuer of type object (line 4)"),
                new Invalid("a string where a bool goes", HEAD + "anonymous:\n  enabled: \"true\"\n",
                        "json: cannot unmarshal string into anonymous.enabled of type bool (line 4)"),
                new Invalid("type errors come before strict errors", ONE.replace("url: https://issuer.example", "url: 1")
                        + "foo: 1\n", "json: cannot unmarshal number into jwt[0].issuer.url of type string (line 5)"),
                new Invalid("a !!int tag on text", ONE.replace("[cluster-a]", "[!!int abc]"),
                        "cannot decode \"abc\" as a !!int (line 6, column 17)"),
                new Invalid("not YAML", HEAD + "jwt: [\n", "the file is not valid YAML: expected the node content,"
                        + " but found '<stream end>' (line 4, column 1)"),
                new Invalid("two documents", HEAD + "---\n" + HEAD, "the file holds more than one YAML document"
                        + " (line 3, column 1); it must hold exactly one AuthenticationConfiguration"),
                new Invalid("an alias", ONE.replace("[cluster-a]", "&aud [cluster-a]") + "anonymous: *aud\n",
                        "YAML aliases are not supported (line 11, column 12)"),
                new Invalid("billion laughs", HEAD + """
                        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                        """, "YAML aliases are not supported (line 4, column 8)"),
                new Invalid("a merge key", HEAD + "anonymous:\n  <<: {enabled: true}\n",
                        "YAML merge keys (<<) are not supported (line 4, column 3)"),
                new Invalid("a list as a key", HEAD + "? [a]\n: b\n", "a mapping key must be a string (line 3, column 3)"),
                new Invalid("nesting beyond the bound", HEAD + "jwt: " + "[".repeat(40) + "]".repeat(40) + "\n",
                        "the file nests deeper than 32 levels (line 3, column 37)"),
                new Invalid("a YAML flow mapping is read as JSON, as kube-apiserver does",
                        "{apiVersion: apiserver.config.k8s.io/v1, kind: AuthenticationConfiguration}\n",
                        "the file is not valid JSON: Unexpected character ('a' (code 97)): was expecting double-quote to"
                                + " start field name (line 1, column 2)"),
                new Invalid("data after the JSON object", "{\"apiVersion\": \"apiserver.config.k8s.io/v1\"} {}",
                        "the file is not valid JSON: data after the top-level object (line 1, column 46)"),
                new Invalid("a comment in JSON", "{\"apiVersion\": \"apiserver.config.k8s.io/v1\" // v1\n}",
                        "the file is not valid JSON: Unexpected character ('/' (code 47)): maybe a (non-standard)"
                                + " comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)"
                                + " (line 1, column 45)"),
                new Invalid("JSON nesting beyond the bound", "{\"jwt\": " + "[".repeat(40) + "]".repeat(40) + "}",
                        "the file nests deeper than 32 levels (line 1, column 40)"),
                new Invalid("a number where a string goes, in JSON", "{\"apiVersion\": \"apiserver.config.k8s.io/v1\","
                        + " \"kind\": \"AuthenticationConfiguration\",\n\"jwt\": [{\"issuer\": {\"url\": 1}}]}",
                        "json: cannot unmarshal number into jwt[0].issuer.url of type string (line 2)"),
                new Invalid("an empty file", "", "the file is empty: it must hold an AuthenticationConfiguration"),
                new Invalid("only comments", "# nothing yet\n", "the file is empty: it must hold an AuthenticationConfiguration"),
                new Invalid("an empty document", "---\n", "the file is empty: it must hold an AuthenticationConfiguration"),
                new Invalid("a list at the top", "- a\n", "the file must hold an AuthenticationConfiguration object,"
                        + " found a list (line 1)"),
                new Invalid("a scalar at the top", "hello\n", "the file must hold an AuthenticationConfiguration object,"
                        + " found a scalar (line 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void refusesWhatKubeApiserverRefuses(Invalid c) {
        AuthenticationConfigurationException e =
                assertThrows(AuthenticationConfigurationException.class, () -> decode(c.file()));
        assertEquals(c.message(), e.getMessage());
        assertEquals(c.message(), String.join("; ", e.problems()));
    }

    @Test
    void listsEveryTypeErrorAsItsOwnProblem() {
        AuthenticationConfigurationException e = assertThrows(AuthenticationConfigurationException.class,
                () -> decode(ONE.replace("url: https://issuer.example", "url: 1").replace("[cluster-a]", "[true]")));
        assertEquals(List.of("json: cannot unmarshal number into jwt[0].issuer.url of type string (line 5)",
                "json: cannot unmarshal bool into jwt[0].issuer.audiences[0] of type string (line 6)"), e.problems());
    }

    @Test
    void refusesAFileLargerThanOneMebibyte() {
        byte[] file = (HEAD + "#" + "x".repeat(AuthenticationConfigurationDecoder.MAX_BYTES) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AuthenticationConfigurationException e =
                assertThrows(AuthenticationConfigurationException.class, () -> AuthenticationConfigurationDecoder.decode(file));
        assertEquals("the file has " + file.length + " bytes, more than the 1048576 an AuthenticationConfiguration"
                + " may have", e.getMessage());
    }

    @Test
    void acceptsAFileOfExactlyOneMebibyte() throws AuthenticationConfigurationException {
        String head = HEAD + "#";
        byte[] file = (head + "x".repeat(AuthenticationConfigurationDecoder.MAX_BYTES - head.length() - 1) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(AuthenticationConfigurationDecoder.MAX_BYTES, file.length);
        assertEquals(config("apiserver.config.k8s.io/v1", List.of()), AuthenticationConfigurationDecoder.decode(file));
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] file = (HEAD + "jwt: []\n# \u00ff\n").getBytes(StandardCharsets.ISO_8859_1);
        AuthenticationConfigurationException e =
                assertThrows(AuthenticationConfigurationException.class, () -> AuthenticationConfigurationDecoder.decode(file));
        assertEquals("the file is not UTF-8 text", e.getMessage());
    }

    static AuthenticationConfiguration decode(String file) throws AuthenticationConfigurationException {
        return AuthenticationConfigurationDecoder.decode(file.getBytes(StandardCharsets.UTF_8));
    }

    static ClaimMappings mappings(PrefixedClaimOrExpression username) {
        return new ClaimMappings(username, PrefixedClaimOrExpression.ABSENT, ClaimOrExpression.ABSENT, List.of());
    }

    static JwtAuthenticator jwt(Issuer issuer, ClaimMappings mappings) {
        return new JwtAuthenticator(issuer, List.of(), mappings, List.of());
    }

    static AuthenticationConfiguration one(Issuer issuer, ClaimMappings mappings) {
        return config("apiserver.config.k8s.io/v1", List.of(jwt(issuer, mappings)));
    }

    static AuthenticationConfiguration config(String apiVersion, List<JwtAuthenticator> jwt) {
        return new AuthenticationConfiguration(apiVersion, jwt, Optional.empty());
    }
}
