package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.Identity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy's header rules, case by case: what never reaches the API server, what never reaches the client, how the
 * bearer token is read, which paths are refused, what counts as an upgrade, and the identity headers the API server
 * receives instead of the client's.
 */
class HeaderPolicyTest {

    /** Headers as a test writes them: name, value, name, value, ... */
    static List<Map.Entry<String, String>> headers(String... nameValue) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            out.add(Map.entry(nameValue[i], nameValue[i + 1]));
        }
        return out;
    }

    static List<Map.Entry<String, String>> upstream(List<Map.Entry<String, String>> in, String proxyToken,
            List<Impersonation.Header> impersonation, String client) {
        return upstream(in, proxyToken, impersonation, null, client);
    }

    static List<Map.Entry<String, String>> upstream(List<Map.Entry<String, String>> in, String proxyToken,
            List<Impersonation.Header> impersonation, String auditId, String client) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        HeaderPolicy.upstream(in, proxyToken == null ? null : "Bearer " + proxyToken, impersonation, auditId, client,
                (name, value) -> out.add(Map.entry(name, value)));
        return out;
    }

    static List<Map.Entry<String, String>> downstream(List<Map.Entry<String, String>> in, boolean keepUpgrade) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        HeaderPolicy.downstream(in, keepUpgrade, (name, value) -> out.add(Map.entry(name, value)));
        return out;
    }

    // ---- bearer tokens (the cases of the former BearerTokenTest, every one kept) ----------------------------------

    static Stream<Arguments> bearerHeaders() {
        return Stream.of(
                Arguments.of("the canonical scheme", "Bearer abc.def.ghi", "abc.def.ghi"),
                Arguments.of("a lower-case scheme", "bearer abc.def.ghi", "abc.def.ghi"),
                Arguments.of("an upper-case scheme", "BEARER abc", "abc"),
                Arguments.of("spaces around the header value, trimmed", "  Bearer abc  ", "abc"),
                Arguments.of("two spaces after the scheme: no token", "Bearer  abc", null),
                Arguments.of("anything after the token: no token", "Bearer abc def", null),
                Arguments.of("the scheme and a space only", "Bearer ", null),
                Arguments.of("the scheme alone", "Bearer", null),
                Arguments.of("basic credentials", "Basic YWxpY2U6c2VjcmV0", null),
                Arguments.of("no space after the scheme", "Bearerabc", null),
                Arguments.of("an empty header", "", null),
                Arguments.of("no header at all", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bearerHeaders")
    void readsExactlyOneBearerTokenAndRepairsNothing(String name, String header, String expected) {
        assertEquals(expected, HeaderPolicy.bearerToken(header));
    }

    // ---- dot segments ----------------------------------------------------------------------------------------------

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("a resource path", "/api/v1/namespaces/team-a/pods", false),
                Arguments.of("the root", "/", false),
                Arguments.of("empty segments", "/api//v1/", false),
                Arguments.of("a single dot segment", "/api/./v1", true),
                Arguments.of("a double dot segment", "/api/v1/namespaces/team-a/../kube-system/secrets", true),
                Arguments.of("a dot segment at the end", "/api/v1/.", true),
                Arguments.of("a double dot segment at the end", "/api/v1/..", true),
                Arguments.of("an encoded dot", "/api/%2e/v1", true),
                Arguments.of("an encoded upper-case dot", "/api/%2E/v1", true),
                Arguments.of("two encoded dots in mixed case", "/api/%2E%2e/v1", true),
                Arguments.of("a dot then an encoded dot", "/api/.%2e/v1", true),
                Arguments.of("an encoded dot then a dot", "/api/%2e./v1", true),
                Arguments.of("three dots, a name", "/api/v1/namespaces/team-a/configmaps/...", false),
                Arguments.of("a hidden-file name", "/api/v1/namespaces/team-a/configmaps/.hidden", false),
                Arguments.of("a name ending in a dot", "/api/v1/namespaces/team-a/configmaps/web.", false),
                Arguments.of("a name with two dots inside", "/api/v1/namespaces/team-a/configmaps/a..b", false),
                Arguments.of("no path at all", null, true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("paths")
    void dotSegmentsAreFoundPlainOrEncoded(String name, String path, boolean dotSegment) {
        assertEquals(dotSegment, HeaderPolicy.hasDotSegment(path));
    }

    // ---- upgrades --------------------------------------------------------------------------------------------------

    static Stream<Arguments> upgrades() {
        return Stream.of(
                Arguments.of("a WebSocket upgrade", "websocket", List.of("Upgrade"), true),
                Arguments.of("a SPDY upgrade, lower-case connection", "SPDY/3.1", List.of("upgrade"), true),
                Arguments.of("upgrade listed with other tokens", "websocket", List.of("keep-alive, Upgrade"), true),
                Arguments.of("upgrade in the second Connection header", "SPDY/3.1", List.of("keep-alive", "Upgrade"), true),
                Arguments.of("no Connection header", "websocket", List.of(), false),
                Arguments.of("a Connection header without upgrade", "websocket", List.of("keep-alive"), false),
                Arguments.of("no Upgrade header", null, List.of("Upgrade"), false),
                Arguments.of("a blank Upgrade header", "  ", List.of("Upgrade"), false),
                Arguments.of("an h2c offer, ignored", "h2c", List.of("Upgrade, HTTP2-Settings"), false),
                Arguments.of("an h2c offer in capitals with spaces, ignored", " H2C ", List.of("Upgrade"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upgrades")
    void anUpgradeNeedsBothHeadersAndIsNeverH2c(String name, String upgrade, List<String> connection, boolean expected) {
        assertEquals(expected, HeaderPolicy.isUpgrade(upgrade, connection));
    }

    @Test
    void connectionTokensAreTheListedNamesInAnyCase() {
        Set<String> tokens = HeaderPolicy.connectionTokens(List.of("close, X-Secret", " x-other ,, "));
        assertEquals(3, tokens.size(), tokens.toString());
        assertTrue(tokens.contains("close") && tokens.contains("x-secret") && tokens.contains("X-SECRET") && tokens.contains("X-Other"));
        assertTrue(HeaderPolicy.connectionTokens(List.of()).isEmpty());
    }

    // ---- what reaches the API server -------------------------------------------------------------------------------

    static Stream<Arguments> strippedUpstream() {
        return Stream.of(
                "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
                "Trailers", "Transfer-Encoding", "Upgrade", "Host", "Expect", "HOST", "keep-alive",
                "Authorization", "AUTHORIZATION", "authorization",
                "Impersonate-User", "impersonate-user", "IMPERSONATE-GROUP", "Impersonate-Uid", "Impersonate-Extra-x",
                "Impersonate-Extra-authentication.kubernetes.io%2fcredential-id",
                "X-Remote-User", "x-remote-group", "X-REMOTE-EXTRA-scopes",
                "X-Forwarded-For", "Audit-ID", "audit-id", "AUDIT-ID").map(name -> Arguments.of(name));
    }

    @ParameterizedTest(name = "{0} never reaches the API server as the client sent it")
    @MethodSource("strippedUpstream")
    void clientHeadersThatAreStripped(String name) {
        assertEquals(headers("Accept", "application/json"), upstream(headers(name, "spoofed", "Accept", "application/json"),
                null, List.of(), null));
    }

    static Stream<Arguments> keptUpstream() {
        return Stream.of("Accept", "Content-Type", "Content-Length", "User-Agent", "X-Audit-ID", "Audit-IDs", "X-Impersonate-User",
                "Impersonate", "X-Remote", "Authorization-Extra", "X-Stream-Protocol-Version", "Sec-WebSocket-Key")
                .map(name -> Arguments.of(name));
    }

    @ParameterizedTest(name = "{0} is passed on")
    @MethodSource("keptUpstream")
    void clientHeadersThatAreKept(String name) {
        assertEquals(headers(name, "v"), upstream(headers(name, "v"), null, List.of(), null));
    }

    @Test
    void aNameTheConnectionHeaderListsIsHopByHop() {
        assertEquals(headers("Accept", "*/*"), upstream(headers("Connection", "close, X-Secret", "X-Secret", "s3cret",
                "x-secret", "again", "Accept", "*/*"), null, List.of(), null));
    }

    @Test
    void everyConnectionHeaderCounts() {
        assertEquals(headers("Accept", "*/*"), upstream(headers("Connection", "keep-alive", "X-A", "1", "Connection", "X-A, x-b",
                "X-B", "2", "Accept", "*/*"), null, List.of(), null));
    }

    @Test
    void theProxysCredentialsAndTheIdentityFollowTheClientsHeaders() {
        List<Impersonation.Header> identity = List.of(new Impersonation.Header("Impersonate-User", "oidc:user:alice"));
        assertEquals(headers("Accept", "*/*", "Authorization", "Bearer proxy-token", "Impersonate-User", "oidc:user:alice",
                "X-Forwarded-For", "10.0.0.7"), upstream(headers("Authorization", "Bearer user-token", "Impersonate-User",
                        "system:admin", "Accept", "*/*"), "proxy-token", identity, "10.0.0.7"));
    }

    @Test
    void theProxysOwnAuditIdReplacesTheClients() {
        List<Impersonation.Header> identity = List.of(new Impersonation.Header("Impersonate-User", "oidc:user:alice"));
        assertEquals(headers("Accept", "*/*", "Authorization", "Bearer proxy-token", "Impersonate-User", "oidc:user:alice",
                "Audit-ID", "019ad6a2-1f00-7000-8000-000000000001", "X-Forwarded-For", "10.0.0.7"),
                upstream(headers("Audit-ID", "forged", "Accept", "*/*", "audit-id", "forged-again"), "proxy-token", identity,
                        "019ad6a2-1f00-7000-8000-000000000001", "10.0.0.7"));
    }

    @Test
    void noAuthorizationWhenTheProxyAuthenticatesWithACertificate() {
        assertEquals(headers("X-Forwarded-For", "10.0.0.7"), upstream(headers("Authorization", "Bearer user-token"), null,
                List.of(), "10.0.0.7"));
    }

    static Stream<Arguments> forwardedFor() {
        return Stream.of(
                Arguments.of("none from the client", headers(), "127.0.0.1", "127.0.0.1"),
                Arguments.of("the client's extended", headers("X-Forwarded-For", "10.1.1.1"), "127.0.0.1", "10.1.1.1, 127.0.0.1"),
                Arguments.of("a blank one replaced", headers("x-forwarded-for", " "), "127.0.0.1", "127.0.0.1"),
                Arguments.of("only the first of two extended", headers("X-Forwarded-For", "10.1.1.1", "X-Forwarded-For", "10.2.2.2"),
                        "127.0.0.1", "10.1.1.1, 127.0.0.1"),
                Arguments.of("none when the client's address is unknown", headers("X-Forwarded-For", "10.1.1.1"), null, null));
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0}")
    @MethodSource("forwardedFor")
    void forwardedForIsRebuilt(String name, List<Map.Entry<String, String>> in, String client, String expected) {
        List<String> values = upstream(in, null, List.of(), client).stream().filter(h -> h.getKey().equals("X-Forwarded-For"))
                .map(Map.Entry::getValue).toList();
        assertEquals(expected == null ? List.of() : List.of(expected), values);
    }

    @Test
    void theIdentityTravelsAsClientGoWouldSendIt() {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=7c0e-11"));
        extra.put("clearance.dev/platform-host", List.of("platform.test.example"));
        Identity identity = new Identity("oidc:user:alice", "u-1", List.of("oidc:team-a", "oidc:cluster-scope"), extra);
        List<Map.Entry<String, String>> sent = upstream(headers("Impersonate-Extra-authentication.kubernetes.io%2fcredential-id",
                "JTI=forged"), "proxy-token", Impersonation.headersFor(identity), null);
        // client-go's headerKeyEscape writes %XX in upper case; header names compare without regard to case anyway
        assertEquals(headers(
                "Authorization", "Bearer proxy-token",
                "Impersonate-User", "oidc:user:alice",
                "Impersonate-Uid", "u-1",
                "Impersonate-Group", "oidc:team-a",
                "Impersonate-Group", "oidc:cluster-scope",
                "Impersonate-Extra-authentication.kubernetes.io%2Fcredential-id", "JTI=7c0e-11",
                "Impersonate-Extra-clearance.dev%2Fplatform-host", "platform.test.example"), sent);
    }

    // ---- what reaches the client -----------------------------------------------------------------------------------

    static Stream<Arguments> downstreamCases() {
        return Stream.of(
                Arguments.of("connection-level headers are dropped", false,
                        headers("Content-Type", "application/json", "Connection", "keep-alive", "Keep-Alive", "timeout=5",
                                "Transfer-Encoding", "chunked", "Trailer", "X-T", "Proxy-Authenticate", "Basic", "Audit-Id", "a1"),
                        headers("Content-Type", "application/json", "Audit-Id", "a1")),
                Arguments.of("names the Connection header lists are dropped", false,
                        headers("Connection", "X-Internal", "X-Internal", "secret", "x-internal", "again", "Warning", "299 - w"),
                        headers("Warning", "299 - w")),
                Arguments.of("a 101 keeps Connection and Upgrade, drops the rest", true,
                        headers("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "Keep-Alive", "timeout=5",
                                "X-Stream-Protocol-Version", "v4.channel.k8s.io"),
                        headers("Connection", "Upgrade", "Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v4.channel.k8s.io")),
                Arguments.of("an ordinary answer drops Upgrade", false, headers("Upgrade", "h2c", "Content-Length", "2"),
                        headers("Content-Length", "2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("downstreamCases")
    void whatReachesTheClient(String name, boolean keepUpgrade, List<Map.Entry<String, String>> in,
            List<Map.Entry<String, String>> expected) {
        assertEquals(expected, downstream(in, keepUpgrade));
    }

    @Test
    void hopByHopMatchesAnyCase() {
        assertTrue(HeaderPolicy.HOP_BY_HOP.contains("Transfer-Encoding") && HeaderPolicy.HOP_BY_HOP.contains("PROXY-AUTHORIZATION"));
    }
}
