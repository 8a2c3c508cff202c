package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kube-apiserver's URL library, whose parsing is Go's {@code net/url}. */
class KubeUrlTest {

    record Case(String name, String expression, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String full = "url('HTTPS://u:p@example.com:8443/a%2Fb/c?x=1&x=2&y=a+b&bad=%zz#frag')";
        return Stream.of(
                new Case("the scheme, lowercased", full + ".getScheme()", "https"),
                new Case("the host with its port, without user info", full + ".getHost()", "example.com:8443"),
                new Case("the hostname", full + ".getHostname()", "example.com"),
                new Case("the port", full + ".getPort()", "8443"),
                new Case("the escaped path as written", full + ".getEscapedPath()", "/a%2Fb/c"),
                new Case("the query, repeated keys kept, bad pairs dropped", full + ".getQuery()",
                        Map.of("x", List.of("1", "2"), "y", List.of("a b"))),
                new Case("no port", "url('https://example.com/').getPort()", ""),
                new Case("an IPv6 host", "url('https://[::1]:80/').getHostname()", "::1"),
                new Case("an IPv6 host without port", "url('https://[fe80::1]/').getHost()", "[fe80::1]"),
                new Case("an absolute path", "url('/a/b').getEscapedPath()", "/a/b"),
                new Case("a path re-escaped when written unescaped", "url('https://example.com/a b').getEscapedPath()",
                        "/a%20b"),
                new Case("an opaque URL has no host", "url('mailto:alice@example.com').getHost()", ""),
                new Case("an empty query", "url('https://example.com/').getQuery()", Map.of()),
                new Case("a key without a value", "url('https://example.com/?flag').getQuery()",
                        Map.of("flag", List.of(""))),
                new Case("isURL of an https URL", "isURL('https://example.com/p?q=1')", true),
                new Case("isURL of an absolute path", "isURL('/p')", true),
                new Case("isURL of a relative path", "isURL('p/q')", false),
                new Case("isURL of the empty string", "isURL('')", false),
                new Case("a host written with escapes is given decoded, as Go's Host",
                        "url('https://%C3%A9.example/').getHost()", "\u00e9.example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesAsKubeApiserver(Case c) throws Exception {
        assertEquals(c.expected(), Payloads.evaluate(c.expression()), c.expression());
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("a relative reference", "url('example.com')",
                        "parse \"example.com\": invalid URI for request"),
                new Case("an empty string", "url('')", "parse \"\": empty url"),
                new Case("a bad port", "url('https://h:8a/')", "parse \"https://h:8a/\": invalid port \":8a\" after host"),
                new Case("an error of the second parse, which names the URL without its fragment", "url('//h:x#f')",
                        "parse \"//h:x\": invalid port \":x\" after host"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesAsGo(Case c) throws CelCompileError {
        Expression expression = Payloads.CEL.compileClaims(c.expression(), false);
        CelEvaluationError error = assertThrows(CelEvaluationError.class,
                () -> expression.evaluateClaims(Payloads.standard()));
        assertEquals("URL parse error during conversion from string: " + c.expected(), error.getMessage());
    }
}
