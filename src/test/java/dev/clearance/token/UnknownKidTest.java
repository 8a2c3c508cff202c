package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.clearance.testsupport.MutableClock;
import dev.clearance.testsupport.TestIssuerConfig;
import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token whose {@code kid} the issuer's key set lacks triggers a refetch, at most once per
 * {@code jwks-min-refresh-interval}; the refusal says what actually happened to the key set, so an operator
 * chasing a rotation knows whether clearance looked again.
 */
class UnknownKidTest {

    record Case(String name, BiConsumer<MutableClock, FakeKeySource> before, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String refused = "issuer issuer0 has no key with kid \"rotated-away\" ";
        return Stream.of(
                new Case("the refetch ran and still lacks the kid", (clock, source) -> clock.advance(Duration.ofSeconds(31)),
                        refused + "(its key set was refetched just now)"),
                new Case("the refetch was skipped under the rate limit", (clock, source) -> clock.advance(Duration.ofSeconds(3)),
                        refused + "(the key set was not refetched: the last fetch was 3 s ago, under jwks-min-refresh-interval 30s)"),
                new Case("the refetch failed", (clock, source) -> {
                    source.fail();
                    clock.advance(Duration.ofMinutes(1));
                }, refused + "(refetching the key set failed: \"simulated outage\"; the last good keys were used)"));
    }

    @ParameterizedTest(name = "says so when {0}")
    @MethodSource("cases")
    void saysWhatHappenedToTheKeySet(Case c) {
        MutableClock clock = new MutableClock(TokenVerifierTest.NOW);
        FakeKeySource source = new FakeKeySource(TestKeys.jwks(TestKeys.RSA_1));
        JwsTokenVerifier verifier = Verifiers.build(clock, 16384, 8, TestIssuerConfig.defaults(), source).verifier();
        c.before().accept(clock, source);
        String token = TestTokens.at(clock.instant()).kid("rotated-away").sign();

        TokenVerdict verdict = verifier.verify(token).toCompletableFuture().join();

        TokenVerdict.Invalid invalid = assertInstanceOf(TokenVerdict.Invalid.class, verdict, c.name());
        assertEquals(AuthnReason.UNKNOWN_KEY, invalid.reason());
        assertEquals(c.message(), invalid.message());
    }
}
