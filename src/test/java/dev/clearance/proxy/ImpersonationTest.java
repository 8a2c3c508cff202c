package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.Identity;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

class ImpersonationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "scopes                       | scopes",
            "clearance.dev/platform-host  | clearance.dev%2Fplatform-host",
            "example.com/a b              | example.com%2Fa%20b",
            "100%                         | 100%25",
            "ключ                         | %D0%BA%D0%BB%D1%8E%D1%87",
            "a:b=c                        | a%3Ab%3Dc",
            "Mixed-Case_~!#$&'*+.^`      | Mixed-Case_~!#$&'*+.^`",
    })
    void extraKeysAreEscapedAsClientGoDoes(String key, String escaped) {
        assertEquals(escaped, Impersonation.escapeExtraKey(key));
    }

    @Test
    void headersNameTheWholeIdentityInAStableOrder() {
        Identity identity = new Identity("oidc:user:alice", "u-1", List.of("oidc:team-a", "oidc:cluster-scope"),
                Map.of("z.example/b", List.of("2"), "a.example/a", List.of("1", "one")));
        assertEquals(List.of(
                new Impersonation.Header("Impersonate-User", "oidc:user:alice"),
                new Impersonation.Header("Impersonate-Uid", "u-1"),
                new Impersonation.Header("Impersonate-Group", "oidc:team-a"),
                new Impersonation.Header("Impersonate-Group", "oidc:cluster-scope"),
                new Impersonation.Header("Impersonate-Extra-a.example%2Fa", "1"),
                new Impersonation.Header("Impersonate-Extra-a.example%2Fa", "one"),
                new Impersonation.Header("Impersonate-Extra-z.example%2Fb", "2")), Impersonation.headersFor(identity));
    }

    @Test
    void theDecisionIdExtraIsNeverSentButTheCredentialIdIs() {
        Identity identity = new Identity("oidc:user:alice", null, List.of(),
                Map.of("authentication.kubernetes.io/credential-id", List.of("JTI=j-1"))).withDecisionId("019ad6a2-1f00-7000-8000-000000000001");
        assertEquals(List.of(
                new Impersonation.Header("Impersonate-User", "oidc:user:alice"),
                new Impersonation.Header("Impersonate-Extra-authentication.kubernetes.io%2Fcredential-id", "JTI=j-1")),
                Impersonation.headersFor(identity));
    }

    @Test
    void noUidHeaderWithoutAUid() {
        List<Impersonation.Header> headers = Impersonation.headersFor(new Identity("oidc:user:bob", null, List.of(), Map.of()));
        assertEquals(List.of(new Impersonation.Header("Impersonate-User", "oidc:user:bob")), headers);
    }

    @Test
    void nonAsciiValuesTravelAsTheirUtf8Bytes() {
        String value = Impersonation.headersFor(new Identity("oidc:user:jürgen", null, List.of(), Map.of())).get(0).value();
        assertEquals("oidc:user:jürgen", new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersAreRefusedRatherThanSplitIntoHeaders() {
        assertThrows(IllegalArgumentException.class,
                () -> Impersonation.headersFor(new Identity("oidc:user:eve\r\nImpersonate-Group: system:masters", null, List.of(), Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> Impersonation.headersFor(new Identity("oidc:user:eve", null, List.of("oidc:a\nb"), Map.of())));
    }

    record Unsendable(String name, Identity identity) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Unsendable> unsendable() {
        return List.of(
                new Unsendable("a group with a trailing tab, which Go would trim into an admin group",
                        new Identity("oidc:user:eve", null, List.of("oidc:cluster-admins\t"), Map.of())),
                new Unsendable("a group with a trailing space", new Identity("oidc:user:eve", null, List.of("oidc:cluster-admins "), Map.of())),
                new Unsendable("a username with a leading space", new Identity(" oidc:user:eve", null, List.of(), Map.of())),
                new Unsendable("a uid with a tab inside", new Identity("oidc:user:eve", "u\t1", List.of(), Map.of())),
                new Unsendable("an extra value ending in a no-break space",
                        new Identity("oidc:user:eve", null, List.of(), Map.of("clearance.dev/x", List.of("v\u00a0")))),
                new Unsendable("a group holding DEL", new Identity("oidc:user:eve", null, List.of("oidc:a\u007f"), Map.of())),
                new Unsendable("a group holding a C1 control", new Identity("oidc:user:eve", null, List.of("oidc:a\u0085"), Map.of())));
    }

    @ParameterizedTest
    @MethodSource("unsendable")
    void valuesTheApiServerWouldReadDifferentlyAreRefused(Unsendable c) {
        assertThrows(IllegalArgumentException.class, () -> Impersonation.headersFor(c.identity()));
    }

    @Test
    void innerSpacesAreSentAsTheyAre() {
        assertEquals("oidc:team a", Impersonation.headersFor(new Identity("oidc:user:eve", null, List.of("oidc:team a"), Map.of()))
                .get(1).value());
    }

    @Test
    void impersonationHeadersAreRecognisedInAnyCase() {
        assertTrue(Impersonation.requested(MultiMap.caseInsensitiveMultiMap().add("impersonate-user", "x")));
        assertTrue(Impersonation.requested(MultiMap.caseInsensitiveMultiMap().add("IMPERSONATE-EXTRA-foo", "x")));
        assertFalse(Impersonation.requested(MultiMap.caseInsensitiveMultiMap().add("X-Impersonate-User", "x")));
    }

    @Test
    void anIdentityFromTheVerdictCacheReusesItsHeadersAndAnUnrepresentableOneIsRefusedEveryTime() {
        Identity alice = new Identity("oidc:user:alice", "42", List.of("oidc:team-a"),
                Map.of("authentication.kubernetes.io/credential-id", List.of("JTI=j-1")));
        List<Impersonation.Header> first = Impersonation.headersFor(alice);
        assertTrue(first == Impersonation.headersFor(alice), "the same identity object: the same list");
        Identity equalButOther = new Identity("oidc:user:alice", "42", List.of("oidc:team-a"),
                Map.of("authentication.kubernetes.io/credential-id", List.of("JTI=j-1")));
        assertEquals(first, Impersonation.headersFor(equalButOther));
        assertThrows(UnsupportedOperationException.class, () -> first.add(new Impersonation.Header("X", "y")),
                "a shared list cannot be changed by one request");
        Identity eve = new Identity("oidc:user:eve", null, List.of("oidc:cluster-admins\t"), Map.of());
        assertThrows(IllegalArgumentException.class, () -> Impersonation.headersFor(eve));
        assertThrows(IllegalArgumentException.class, () -> Impersonation.headersFor(eve), "refusals are not remembered");
    }
}
