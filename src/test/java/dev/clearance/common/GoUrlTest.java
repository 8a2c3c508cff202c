package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's {@code net/url}, case for case: what {@code url.Parse} and {@code url.ParseRequestURI} give and refuse. */
class GoUrlTest {

    /** Which of Go's two entry points a case goes through. */
    enum Entry {
        PARSE, REQUEST_URI;

        GoUrl.Parsed parse(String raw) throws GoUrl.UrlException {
            return this == PARSE ? GoUrl.parse(raw) : GoUrl.parseRequestUri(raw);
        }
    }

    record Parses(String name, Entry entry, String raw, GoUrl.Parsed expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static GoUrl.Parsed url(String scheme, String opaque, boolean hasUser, String host, String path,
            String rawQuery, String fragment) {
        return new GoUrl.Parsed(scheme, opaque, hasUser, host, path, rawQuery, fragment);
    }

    static Stream<Parses> parses() {
        return Stream.of(
                new Parses("every part, the scheme lowercased and the host not", Entry.PARSE,
                        "HTTPS://u:p@Example.com:8443/a%2Fb?x=1#frag",
                        url("https", "", true, "Example.com:8443", "/a%2Fb", "x=1", "frag")),
                new Parses("ParseRequestURI keeps a fragment in the query", Entry.REQUEST_URI, "https://h/p?q#f",
                        url("https", "", false, "h", "/p", "q#f", "")),
                new Parses("ParseRequestURI keeps a fragment in the path", Entry.REQUEST_URI, "/p#f",
                        url("", "", false, "", "/p#f", "", "")),
                new Parses("an opaque URL", Entry.PARSE, "mailto:alice@example.com",
                        url("mailto", "alice@example.com", false, "", "", "", "")),
                new Parses("an opaque URL with a query", Entry.PARSE, "urn:a?b", url("urn", "a", false, "", "", "b", "")),
                new Parses("the asterisk of OPTIONS", Entry.REQUEST_URI, "*", url("", "", false, "", "*", "", "")),
                new Parses("a lone question mark is an empty query", Entry.PARSE, "https://h/?",
                        url("https", "", false, "h", "/", "", "")),
                new Parses("empty user info still counts as a user", Entry.PARSE, "https://@h",
                        url("https", "", true, "h", "", "", "")),
                new Parses("a relative reference with an authority", Entry.PARSE, "//h/p",
                        url("", "", false, "h", "/p", "", "")),
                new Parses("ParseRequestURI reads no authority without a scheme", Entry.REQUEST_URI, "//h/p",
                        url("", "", false, "", "//h/p", "", "")),
                new Parses("three slashes are a path", Entry.PARSE, "///p", url("", "", false, "", "///p", "", "")),
                new Parses("the empty string, which Parse accepts", Entry.PARSE, "", url("", "", false, "", "", "", "")),
                new Parses("an IPv6 zone, decoded as Go does", Entry.PARSE, "http://[fe80::1%25en0]:8080/",
                        url("http", "", false, "[fe80::1%en0]:8080", "/", "", "")),
                new Parses("an escaped space in an IPv6 zone", Entry.PARSE, "http://[fe80::1%25a%20b]/",
                        url("http", "", false, "[fe80::1%a b]", "/", "", "")),
                new Parses("a host's escapes of non-ASCII bytes are decoded", Entry.PARSE, "https://%C3%A9.example/",
                        url("https", "", false, "\u00e9.example", "/", "", "")),
                new Parses("Parse does not check a fragment for control characters", Entry.PARSE, "https://h#\u0001",
                        url("https", "", false, "h", "", "", "\u0001")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parses")
    void parsesAsGo(Parses c) throws GoUrl.UrlException {
        assertEquals(c.expected(), c.entry().parse(c.raw()));
    }

    record Refusal(String name, Entry entry, String raw, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("a control character", Entry.PARSE, "https://h/\t",
                        "parse \"https://h/\\t\": net/url: invalid control character in URL"),
                new Refusal("a control character in what Parse would read as the fragment", Entry.REQUEST_URI,
                        "https://h#\u0001", "parse \"https://h#\\x01\": net/url: invalid control character in URL"),
                new Refusal("the empty string as a request URI", Entry.REQUEST_URI, "", "parse \"\": empty url"),
                new Refusal("a URL starting with a colon", Entry.PARSE, ":x", "parse \":x\": missing protocol scheme"),
                new Refusal("a relative path as a request URI", Entry.REQUEST_URI, "h/p",
                        "parse \"h/p\": invalid URI for request"),
                new Refusal("a colon in a first relative segment", Entry.PARSE, "1a:b",
                        "parse \"1a:b\": first path segment in URL cannot contain colon"),
                new Refusal("a port that is not a number", Entry.PARSE, "https://h:8a/",
                        "parse \"https://h:8a/\": invalid port \":8a\" after host"),
                new Refusal("text after an IPv6 literal", Entry.PARSE, "https://[::1]x/",
                        "parse \"https://[::1]x/\": invalid port \"x\" after host"),
                new Refusal("an unclosed IPv6 literal", Entry.PARSE, "https://[::1/",
                        "parse \"https://[::1/\": missing ']' in host"),
                new Refusal("a space in the host", Entry.PARSE, "https://a b/",
                        "parse \"https://a b/\": invalid character \" \" in host name"),
                new Refusal("an escaped ASCII byte in the host", Entry.PARSE, "https://h%41/",
                        "parse \"https://h%41/\": invalid URL escape \"%41\""),
                new Refusal("an escaped slash in an IPv6 zone", Entry.PARSE, "http://[fe80::1%25a%2Fb]/",
                        "parse \"http://[fe80::1%25a%2Fb]/\": invalid URL escape \"%2F\""),
                new Refusal("a space in the user info", Entry.PARSE, "https://a b@h/",
                        "parse \"https://a b@h/\": net/url: invalid userinfo"),
                new Refusal("a bad escape in the password", Entry.PARSE, "https://a:%zz@h/",
                        "parse \"https://a:%zz@h/\": invalid URL escape \"%zz\""),
                new Refusal("a bad escape in the path", Entry.PARSE, "https://h/%zz",
                        "parse \"https://h/%zz\": invalid URL escape \"%zz\""),
                new Refusal("an escape cut short by the end", Entry.PARSE, "https://h/%a",
                        "parse \"https://h/%a\": invalid URL escape \"%a\""),
                new Refusal("an escape error cut inside a character shows its bytes", Entry.PARSE, "https://h/%a\u00e9",
                        "parse \"https://h/%a\u00e9\": invalid URL escape \"%a\\xc3\""),
                new Refusal("an escape error of a whole two-byte character", Entry.PARSE, "https://h/%\u00e9",
                        "parse \"https://h/%\u00e9\": invalid URL escape \"%\u00e9\""),
                new Refusal("a bad escape in the fragment names the whole URL", Entry.PARSE, "https://h#%z",
                        "parse \"https://h#%z\": invalid URL escape \"%z\""),
                new Refusal("other Parse errors name the URL without its fragment", Entry.PARSE, "https://h:x#f",
                        "parse \"https://h:x\": invalid port \":x\" after host"),
                new Refusal("quotes and non-printable characters are escaped as Go's %q", Entry.PARSE,
                        "https://h:\"/\u00a0", "parse \"https://h:\\\"/\\u00a0\": invalid port \":\\\"\" after host"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesAsGo(Refusal c) {
        GoUrl.UrlException e = assertThrows(GoUrl.UrlException.class, () -> c.entry().parse(c.raw()));
        assertEquals(c.message(), e.getMessage());
    }

    record Accessors(String name, String raw, String hostname, String port, String escapedPath) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Accessors> accessors() {
        return Stream.of(
                new Accessors("a host and port", "https://example.com:8443/p", "example.com", "8443", "/p"),
                new Accessors("an IPv6 literal and port", "https://[::1]:80/", "::1", "80", "/"),
                new Accessors("an IPv6 literal without port", "https://[fe80::1]", "fe80::1", "", ""),
                new Accessors("a bracket after the IPv6 literal stays in the hostname", "http://[::1]]/", "::1]", "", "/"),
                new Accessors("an empty port", "https://h:/", "h", "", "/"),
                new Accessors("a path kept as written when validly escaped", "https://h/a%2Fb", "h", "", "/a%2Fb"),
                new Accessors("brackets are a valid path encoding", "https://h/[x]", "h", "", "/[x]"),
                new Accessors("a space re-escapes the whole path", "https://h/a b%2F", "h", "", "/a%20b/"),
                new Accessors("a non-ASCII path is escaped by bytes", "https://h/\u00e9", "h", "", "/%C3%A9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessors")
    void readsAsGo(Accessors c) throws GoUrl.UrlException {
        GoUrl.Parsed url = GoUrl.parse(c.raw());
        assertEquals(c.hostname(), url.hostname(), "hostname");
        assertEquals(c.port(), url.port(), "port");
        assertEquals(c.escapedPath(), url.escapedPath(), "escaped path");
    }

    record Unescape(String name, String escaped, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Unescape> queryUnescapes() {
        return Stream.of(
                new Unescape("plus and %20 are spaces", "a+b%20c", "a b c"),
                new Unescape("escaped bytes form one character", "%C3%A9", "\u00e9"),
                new Unescape("an escaped plus stays a plus", "%2B", "+"),
                new Unescape("text without escapes is unchanged", "abc", "abc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryUnescapes")
    void queryUnescapesAsGo(Unescape c) throws GoUrl.UrlException {
        assertEquals(c.expected(), GoUrl.queryUnescape(c.escaped()));
    }

    static Stream<Unescape> badQueryEscapes() {
        return Stream.of(
                new Unescape("a bad escape, with Go's bare escape error", "a%zz", "invalid URL escape \"%zz\""),
                new Unescape("a lone percent sign", "%", "invalid URL escape \"%\""));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("badQueryEscapes")
    void refusesBadQueryEscapes(Unescape c) {
        GoUrl.UrlException e = assertThrows(GoUrl.UrlException.class, () -> GoUrl.queryUnescape(c.escaped()));
        assertEquals(c.expected(), e.getMessage());
    }
}
