package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.MutableClock;
import dev.clearance.testsupport.TestIssuerConfig;
import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every token rule, one defect per negative token. */
class TokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String EMAIL_ISSUER = "https://email.test.example";
    static final TestKeys.TestKey WEAK = TestKeys.weakRsa("weak");

    record Case(String name, Function<TestTokens, String> token, AuthnReason expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("a random string", t -> "hunter2-not-a-token", AuthnReason.MALFORMED_TOKEN),
                new Case("two parts", t -> "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0", AuthnReason.MALFORMED_TOKEN),
                new Case("an encrypted token (JWE)", t -> "a.b.c.d.e", AuthnReason.MALFORMED_TOKEN),
                new Case("a header that is not JSON", t -> b64("not json") + "." + b64("{}") + ".c2ln", AuthnReason.MALFORMED_TOKEN),
                new Case("a payload that is not JSON", t -> b64("{\"alg\":\"RS256\"}") + "." + b64("nope") + ".c2ln",
                        AuthnReason.MALFORMED_TOKEN),
                new Case("a payload that is a JSON array", t -> b64("{\"alg\":\"RS256\"}") + "." + b64("[1]") + ".c2ln",
                        AuthnReason.MALFORMED_TOKEN),
                new Case("longer than max-token-bytes", t -> t.claim("pad", "x".repeat(20_000)).sign(), AuthnReason.MALFORMED_TOKEN),
                new Case("a critical header extension", t -> t.header("crit", List.of("exp")).header("exp", 1).sign(),
                        AuthnReason.MALFORMED_TOKEN),
                new Case("alg none", t -> t.unsigned().sign(), AuthnReason.UNSUPPORTED_ALGORITHM),
                new Case("HS256 with the public key's bytes as secret",
                        t -> t.hmac(TestKeys.RSA_1.publicKey().getEncoded()).sign(), AuthnReason.UNSUPPORTED_ALGORITHM),
                new Case("an algorithm outside the issuer's allow-list", t -> t.signedBy(TestKeys.RSA_1, "RS384").sign(),
                        AuthnReason.UNSUPPORTED_ALGORITHM),
                new Case("no iss", t -> t.without("iss").sign(), AuthnReason.UNKNOWN_ISSUER),
                new Case("an untrusted issuer", t -> t.claim("iss", "https://evil.example").sign(), AuthnReason.UNKNOWN_ISSUER),
                new Case("the issuer with a trailing slash", t -> t.claim("iss", TestTokens.ISSUER + "/").sign(),
                        AuthnReason.UNKNOWN_ISSUER),
                new Case("an unknown kid", t -> t.kid("rotated-away").sign(), AuthnReason.UNKNOWN_KEY),
                new Case("an attacker key offered through jku", t -> t.signedBy(TestKeys.RSA_ATTACKER, "RS256")
                        .header("jku", "https://evil.example/jwks").sign(), AuthnReason.UNKNOWN_KEY),
                new Case("an attacker key embedded as jwk under a trusted kid", t -> t.signedBy(TestKeys.RSA_ATTACKER, "RS256")
                        .kid(TestKeys.RSA_1.kid()).header("jwk", TestKeys.jwk(TestKeys.RSA_ATTACKER)).sign(), AuthnReason.BAD_SIGNATURE),
                new Case("an x5u header pointing elsewhere", t -> t.signedBy(TestKeys.RSA_ATTACKER, "RS256")
                        .kid(TestKeys.RSA_1.kid()).header("x5u", "https://evil.example/cert.pem").sign(), AuthnReason.BAD_SIGNATURE),
                new Case("an EC key's kid on an RS256 token", t -> t.signedBy(TestKeys.RSA_1, "RS256").kid(TestKeys.EC_P256.kid()).sign(),
                        AuthnReason.UNKNOWN_KEY),
                new Case("a P-384 key for ES256", t -> t.signedBy(TestKeys.EC_P384, "ES256").sign(), AuthnReason.UNKNOWN_KEY),
                new Case("an RSA key below 2048 bits", t -> t.signedBy(WEAK, "RS256").sign(), AuthnReason.UNKNOWN_KEY),
                new Case("a tampered payload", t -> tamper(t.sign()), AuthnReason.BAD_SIGNATURE),
                new Case("an EdDSA signature with a zero byte appended", t -> appendToSignature(t.signedBy(TestKeys.ED25519, "EdDSA")
                        .sign()), AuthnReason.BAD_SIGNATURE),
                new Case("signed by another key under a trusted kid", t -> t.signedBy(TestKeys.RSA_ATTACKER, "RS256")
                        .kid(TestKeys.RSA_1.kid()).sign(), AuthnReason.BAD_SIGNATURE),
                new Case("no exp", t -> t.without("exp").sign(), AuthnReason.MISSING_CLAIM),
                new Case("exp as a string", t -> t.claim("exp", "tomorrow").sign(), AuthnReason.MALFORMED_TOKEN),
                new Case("expired beyond the clock skew", t -> t.claim("iat", NOW.minusSeconds(700).getEpochSecond())
                        .claim("exp", NOW.minusSeconds(31).getEpochSecond()).sign(), AuthnReason.EXPIRED),
                new Case("nbf beyond the clock skew", t -> t.claim("nbf", NOW.plusSeconds(31).getEpochSecond()).sign(),
                        AuthnReason.NOT_YET_VALID),
                new Case("iat beyond the clock skew", t -> t.claim("iat", NOW.plusSeconds(31).getEpochSecond()).sign(),
                        AuthnReason.ISSUED_IN_FUTURE),
                new Case("exp - iat above max-token-lifetime", t -> t.claim("exp", NOW.plusSeconds(15 * 60 + 1).getEpochSecond()).sign(),
                        AuthnReason.LIFETIME_TOO_LONG),
                new Case("no iat and exp beyond max-token-lifetime", t -> t.without("iat")
                        .claim("exp", NOW.plus(Duration.ofDays(365)).getEpochSecond()).sign(), AuthnReason.LIFETIME_TOO_LONG),
                new Case("another cluster's audience", t -> t.claim("aud", "cluster-other").sign(), AuthnReason.AUDIENCE_MISMATCH),
                new Case("no aud", t -> t.without("aud").sign(), AuthnReason.AUDIENCE_MISMATCH),
                new Case("aud of the wrong type", t -> t.claim("aud", 42).sign(), AuthnReason.AUDIENCE_MISMATCH),
                new Case("no sub", t -> t.without("sub").sign(), AuthnReason.MISSING_CLAIM),
                new Case("an empty sub", t -> t.claim("sub", "").sign(), AuthnReason.MISSING_CLAIM),
                new Case("sub that is not a string", t -> t.claim("sub", 7).sign(), AuthnReason.CLAIM_RULE_FAILED),
                new Case("groups holding a number", t -> t.claim("groups", List.of("team-a", 3)).sign(), AuthnReason.CLAIM_RULE_FAILED),
                new Case("groups as an object", t -> t.claim("groups", Map.of("a", "b")).sign(), AuthnReason.CLAIM_RULE_FAILED),
                new Case("more groups than max-groups", t -> t.claim("groups", Collections.nCopies(9, "g")).sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("an extra claim of the wrong type", t -> t.claim("platform_host", 5).sign(), AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: email_verified false", t -> emailToken(t).claim("email_verified", false).sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: email_verified as the string true", t -> emailToken(t).claim("email_verified", "true").sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: no email_verified", t -> emailToken(t).without("email_verified").sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: required claim has another value", t -> emailToken(t).claim("tenant", "globex").sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: required claim missing", t -> emailToken(t).without("tenant").sign(),
                        AuthnReason.CLAIM_RULE_FAILED),
                new Case("email issuer: no uid", t -> emailToken(t).without("uid").sign(), AuthnReason.MISSING_CLAIM),
                new Case("email issuer: uid not a string", t -> emailToken(t).claim("uid", 12).sign(), AuthnReason.CLAIM_RULE_FAILED));
    }

    /** Every case with each start-up choice of signature providers: the contract is the same with ACCP. */
    static Stream<Arguments> withBothProviders(Stream<Case> cases) {
        return cases.flatMap(c -> Verifiers.bothProviders().stream().map(p -> Arguments.of(c, p)));
    }

    static Stream<Arguments> refusalsWithBothProviders() {
        return withBothProviders(refusals());
    }

    static Stream<Arguments> acceptancesWithBothProviders() {
        return withBothProviders(acceptances());
    }

    @ParameterizedTest(name = "refuses {0} ({1})")
    @MethodSource("refusalsWithBothProviders")
    void refusesTokenWithOneDefect(Case c, Verifiers.Providers providers) {
        TokenVerdict verdict = verifier(providers).verify(c.token().apply(TestTokens.at(NOW))).toCompletableFuture().join();

        TokenVerdict.Invalid invalid = assertInstanceOf(TokenVerdict.Invalid.class, verdict, c.name());
        assertEquals(c.expected(), invalid.reason(), c.name() + ": " + invalid.message());
        assertFalse(invalid.message().isBlank());
    }

    static Stream<Case> acceptances() {
        return Stream.of(
                new Case("RS256", TestTokens::sign, AuthnReason.AUTHENTICATED),
                new Case("ES256", t -> t.signedBy(TestKeys.EC_P256, "ES256").sign(), AuthnReason.AUTHENTICATED),
                new Case("PS256", t -> t.signedBy(TestKeys.RSA_1, "PS256").sign(), AuthnReason.AUTHENTICATED),
                new Case("EdDSA", t -> t.signedBy(TestKeys.ED25519, "EdDSA").sign(), AuthnReason.AUTHENTICATED),
                new Case("no kid (every fitting key is tried)", t -> t.kid(null).sign(), AuthnReason.AUTHENTICATED),
                new Case("expired within the clock skew", t -> t.claim("iat", NOW.minusSeconds(600).getEpochSecond())
                        .claim("exp", NOW.minusSeconds(29).getEpochSecond()).sign(), AuthnReason.AUTHENTICATED),
                new Case("nbf within the clock skew", t -> t.claim("nbf", NOW.plusSeconds(29).getEpochSecond()).sign(),
                        AuthnReason.AUTHENTICATED),
                new Case("aud as an array holding the cluster", t -> t.claim("aud", List.of("other", TestTokens.AUDIENCE)).sign(),
                        AuthnReason.AUTHENTICATED),
                new Case("exp as a fraction", t -> t.claim("exp", NOW.getEpochSecond() + 60.5).sign(), AuthnReason.AUTHENTICATED),
                new Case("an unknown non-critical header", t -> t.header("typ", "at+jwt").header("x-foo", "bar").sign(),
                        AuthnReason.AUTHENTICATED),
                new Case("email issuer: verified email, uid and required claim", t -> emailToken(t).sign(),
                        AuthnReason.AUTHENTICATED));
    }

    @ParameterizedTest(name = "accepts {0} ({1})")
    @MethodSource("acceptancesWithBothProviders")
    void acceptsValidToken(Case c, Verifiers.Providers providers) {
        TokenVerdict verdict = verifier(providers).verify(c.token().apply(TestTokens.at(NOW))).toCompletableFuture().join();

        assertInstanceOf(TokenVerdict.Valid.class, verdict, () -> c.name() + ": " + verdict);
    }

    @org.junit.jupiter.api.Test
    void mapsClaimsToAPrefixedIdentity() {
        String token = TestTokens.at(NOW).claim("groups", List.of("team-a", "system:masters", "team-a", ""))
                .claim("jti", "j-1").sign();

        VerifiedToken verified = ((TokenVerdict.Valid) verifier().verify(token).toCompletableFuture().join()).token();

        Identity id = verified.identity();
        assertEquals("oidc:user:alice", id.username());
        assertEquals(List.of("oidc:team-a", "oidc:system:masters"), id.groups());
        assertEquals(null, id.uid());
        assertEquals(Map.of("clearance.dev/platform-host", List.of("platform.test.example"),
                TokenClaims.CREDENTIAL_ID_EXTRA, List.of("JTI=j-1")), id.extra());
        assertEquals("issuer0", verified.issuerName());
        assertEquals(List.of(TestTokens.AUDIENCE), verified.audiences());
        assertEquals("j-1", verified.facts().jti());
    }

    @org.junit.jupiter.api.Test
    void acceptsGroupsAsASingleStringAndNoGroupsAtAll() {
        TokenVerifier verifier = verifier();
        Identity single = ((TokenVerdict.Valid) verifier.verify(TestTokens.at(NOW).claim("groups", "team-b").sign())
                .toCompletableFuture().join()).token().identity();
        Identity none = ((TokenVerdict.Valid) verifier.verify(TestTokens.at(NOW).without("groups").sign())
                .toCompletableFuture().join()).token().identity();

        assertEquals(List.of("oidc:team-b"), single.groups());
        assertEquals(List.of(), none.groups());
    }

    @org.junit.jupiter.api.Test
    void mapsEmailUidAndArrayExtras() {
        Identity id = ((TokenVerdict.Valid) verifier().verify(emailToken(TestTokens.at(NOW)).claim("roles", List.of("a", "b")).sign())
                .toCompletableFuture().join()).token().identity();

        assertEquals("email:alice@example.com", id.username());
        assertEquals("u-123", id.uid());
        assertEquals(List.of("a", "b"), id.extra().get("example.com/roles"));
    }

    /** A message describes a claim of the wrong shape by its JSON type, never by printing it (which recurses). */
    @org.junit.jupiter.api.Test
    void refusesARequiredClaimNestedDeeperThanAnyStackWithoutAnError() {
        int depth = 100_000;
        String token = emailToken(TestTokens.at(NOW)).payloadJson("{\"iss\":\"" + EMAIL_ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + ",\"email\":\"alice@example.com\",\"email_verified\":true,"
                + "\"uid\":\"u-1\",\"tenant\":" + "[".repeat(depth) + "]".repeat(depth) + "}").sign();
        TokenVerifier verifier = Verifiers.build(new MutableClock(NOW), 1 << 20, 8, emailIssuer(),
                new FakeKeySource(TestKeys.jwks(TestKeys.RSA_2))).verifier();

        TokenVerdict verdict = verifier.verify(token).toCompletableFuture().join();

        TokenVerdict.Invalid invalid = assertInstanceOf(TokenVerdict.Invalid.class, verdict);
        assertEquals(AuthnReason.CLAIM_RULE_FAILED, invalid.reason(), invalid.message());
        assertTrue(invalid.message().contains("an array"), invalid.message());
    }

    @org.junit.jupiter.api.Test
    void refusalMessagesNeverContainTheTokenOrItsSignature() {
        TokenVerifier verifier = verifier();
        List<String> tokens = new ArrayList<>();
        refusals().forEach(c -> tokens.add(c.token().apply(TestTokens.at(NOW))));
        for (String token : tokens) {
            TokenVerdict verdict = verifier.verify(token).toCompletableFuture().join();
            String message = ((TokenVerdict.Invalid) verdict).message();
            String[] parts = token.split("\\.");
            for (String part : parts) {
                if (part.length() > 8) {
                    assertFalse(message.contains(part), () -> "message echoes a token part: " + message);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void neverFetchesAnythingTheTokenHeaderPointsTo() {
        FakeKeySource source = new FakeKeySource(TestKeys.jwks(TestKeys.RSA_1));
        Verifiers.Setup setup = Verifiers.build(new MutableClock(NOW), 16384, 8, TestIssuerConfig.defaults(), source);
        String token = TestTokens.at(NOW).signedBy(TestKeys.RSA_ATTACKER, "RS256")
                .header("jku", "https://evil.example/jwks").header("x5u", "https://evil.example/x5u").sign();

        TokenVerdict verdict = setup.verifier().verify(token).toCompletableFuture().join();

        assertEquals(AuthnReason.UNKNOWN_KEY, ((TokenVerdict.Invalid) verdict).reason());
        assertTrue(source.fetches.get() <= 2, "only the issuer's own JWKS is ever fetched");
    }

    static TokenVerifier verifier() {
        return verifier(Verifiers.FALLBACK);
    }

    static TokenVerifier verifier(Verifiers.Providers providers) {
        TestIssuerConfig main = TestIssuerConfig.defaults()
                .withAlgorithms(List.of("RS256", "ES256", "PS256", "EdDSA"))
                .withClaims("sub", "oidc:", "oidc:", Optional.empty(), Map.of("clearance.dev/platform-host", "platform_host"), Map.of());
        return Verifiers.build(providers, new MutableClock(NOW), 16384, 8,
                main, new FakeKeySource(TestKeys.jwks(TestKeys.RSA_1, TestKeys.EC_P256, TestKeys.EC_P384, TestKeys.ED25519, WEAK)),
                emailIssuer(), new FakeKeySource(TestKeys.jwks(TestKeys.RSA_2))).verifier();
    }

    static TestIssuerConfig emailIssuer() {
        return TestIssuerConfig.defaults().withIssuer(EMAIL_ISSUER)
                .withClaims("email", "email:", "oidc:", Optional.of("uid"), Map.of("example.com/roles", "roles"),
                        Map.of("tenant", "acme"));
    }

    static TestTokens emailToken(TestTokens t) {
        return t.claim("iss", EMAIL_ISSUER).signedBy(TestKeys.RSA_2, "RS256").claim("email", "alice@example.com")
                .claim("email_verified", true).claim("uid", "u-123").claim("tenant", "acme");
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String appendToSignature(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        byte[] longer = java.util.Arrays.copyOf(signature, signature.length + 1);
        return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(longer);
    }

    static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("user:alice", "user:mallory");
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }
}
