package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestTokens;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule for every identity string (username, groups, uid, extra values): no leading or trailing whitespace and
 * no control character anywhere. Proxy mode sends the identity as HTTP headers, which are trimmed on the way, so
 * a group {@code "cluster-admins\t"} that clearance does not treat as an admin group would arrive upstream as
 * {@code oidc:cluster-admins}.
 */
class IdentityStringTest {

    record Refusal(String name, UnaryOperator<TestTokens> token, String claim, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("a trailing tab in a group", t -> t.claim("groups", List.of("team-a", "cluster-admins\t")), "groups",
                        "whitespace"),
                new Refusal("a leading space in sub", t -> t.claim("sub", " user:alice"), "sub", "whitespace"),
                new Refusal("a trailing space in sub", t -> t.claim("sub", "user:alice "), "sub", "whitespace"),
                new Refusal("a NUL inside the uid", t -> TokenVerifierTest.emailToken(t).claim("uid", "u-\u0000123"), "uid",
                        "control character"),
                new Refusal("a newline in an extra value", t -> t.claim("platform_host", "platform.test.example\nX-Evil: 1"),
                        "platform_host", "control character"),
                new Refusal("a trailing no-break space (U+00A0) in a group", t -> t.claim("groups", List.of("team-a\u00a0")),
                        "groups", "whitespace"),
                new Refusal("a trailing ideographic space (U+3000) in sub", t -> t.claim("sub", "user:alice\u3000"), "sub",
                        "whitespace"),
                new Refusal("a leading em space (U+2003) in the uid", t -> TokenVerifierTest.emailToken(t).claim("uid", "\u2003u-1"),
                        "uid", "whitespace"),
                new Refusal("a carriage return inside sub", t -> t.claim("sub", "user:alice\rroot"), "sub", "control character"),
                new Refusal("DEL inside a group", t -> t.claim("groups", List.of("team\u007fa")), "groups", "control character"),
                new Refusal("a C1 control (U+0085, next line) inside a group", t -> t.claim("groups", List.of("team\u0085a")),
                        "groups", "control character"),
                new Refusal("a group of spaces only", t -> t.claim("groups", List.of("   ")), "groups", "whitespace"),
                new Refusal("a newline in one value of an array extra",
                        t -> TokenVerifierTest.emailToken(t).claim("roles", List.of("a", "b\n")), "roles", "control character"),
                new Refusal("a tab after the email used as the username",
                        t -> TokenVerifierTest.emailToken(t).claim("email", "alice@example.com\t"), "email", "whitespace"),
                new Refusal("a NUL in jti, which becomes the credential-id extra", t -> t.claim("jti", "j-1\u0000"), "jti",
                        "control character"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesAnIdentityStringThatHeadersWouldChange(Refusal c) {
        TokenVerdict verdict = TokenVerifierTest.verifier().verify(c.token().apply(TestTokens.at(TokenVerifierTest.NOW)).sign())
                .toCompletableFuture().join();

        TokenVerdict.Invalid invalid = assertInstanceOf(TokenVerdict.Invalid.class, verdict, c.name());
        assertEquals(AuthnReason.IDENTITY_INVALID, invalid.reason(), c.name() + ": " + invalid.message());
        assertTrue(invalid.message().contains("claim " + c.claim()), () -> "names the claim " + c.claim() + ": " + invalid.message());
        assertTrue(invalid.message().contains(c.says()), () -> "says " + c.says() + ": " + invalid.message());
        assertFalse(invalid.message().chars().anyMatch(Character::isISOControl), () -> "control character in " + invalid.message());
    }

    record Acceptance(String name, UnaryOperator<TestTokens> token, Function<Identity, Object> read, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Acceptance> acceptances() {
        return Stream.of(
                new Acceptance("an inner space in sub", t -> t.claim("sub", "user:alice smith"), Identity::username,
                        "oidc:user:alice smith"),
                new Acceptance("an inner space in a group", t -> t.claim("groups", List.of("team a")), Identity::groups,
                        List.of("oidc:team a")),
                new Acceptance("an empty group, dropped as before", t -> t.claim("groups", List.of("team-a", "")), Identity::groups,
                        List.of("oidc:team-a")),
                new Acceptance("letters beyond ASCII", t -> t.claim("groups", List.of("équipe-ä")), Identity::groups,
                        List.of("oidc:équipe-ä")),
                new Acceptance("an inner space in an extra value", t -> t.claim("platform_host", "platform test"),
                        id -> id.extra().get("clearance.dev/platform-host"), List.of("platform test")));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("acceptances")
    void acceptsACleanIdentity(Acceptance c) {
        TokenVerdict verdict = TokenVerifierTest.verifier().verify(c.token().apply(TestTokens.at(TokenVerifierTest.NOW)).sign())
                .toCompletableFuture().join();

        TokenVerdict.Valid valid = assertInstanceOf(TokenVerdict.Valid.class, verdict, () -> c.name() + ": " + verdict);
        assertEquals(c.expected(), c.read().apply(valid.token().identity()), c.name());
    }
}
