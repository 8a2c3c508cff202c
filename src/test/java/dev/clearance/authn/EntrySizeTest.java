package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weigher's estimate against the heap really retained: a cache is filled with entries shaped like the bench's
 * tokens, and the heap used after a full collection is compared with what the cache says it weighs.
 */
class EntrySizeTest {

    static final Instant EXP = Instant.parse("2026-11-23T12:10:00Z");
    static final String API = "https://kubernetes.default.svc.cluster.local";

    record Shape(String name, int entries, IntFunction<AuthnDecision> decision) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape("a bench token: 2 groups, one extra, a jti", 40_000, i -> accepted(i, 2)),
                new Shape("a token with 50 groups", 5_000, i -> accepted(i, 50)),
                new Shape("a refusal with its message", 40_000, EntrySizeTest::refused));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void estimatesWithinAFactorOfTheRetainedHeap(Shape shape) {
        CaffeineVerdictCache cache = new CaffeineVerdictCache(Long.MAX_VALUE / 2, Duration.ofHours(1), Runnable::run);
        long before = usedAfterGc();
        for (int i = 0; i < shape.entries(); i++) {
            cache.put(key(i), shape.decision().apply(i), EXP);
        }
        cache.cleanUp();
        long measured = usedAfterGc() - before;
        long estimated = cache.bytes();

        assertEquals(shape.entries(), cache.entries(), "nothing was evicted");
        double ratio = (double) estimated / measured;
        assertTrue(ratio >= 0.7 && ratio <= 2.0, "estimated " + estimated + " bytes for " + measured + " measured: ratio "
                + ratio + ", " + estimated / shape.entries() + " vs " + measured / shape.entries() + " per entry");
    }

    @Test
    void moreGroupsWeighMore() {
        String key = key(1);

        assertTrue(EntrySize.of(key, accepted(1, 50)) > EntrySize.of(key, accepted(1, 2)) + 48 * 30);
    }

    @Test
    void countsNonLatin1CharactersTwice() {
        String cjk = "\u4e2d".repeat(12);

        assertEquals(EntrySize.string("a".repeat(24)), EntrySize.string(cjk));
    }

    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** A fingerprint (32 hex characters) and the requested audience, as TokenReviewer builds the key. */
    static String key(int i) {
        return String.format("%032x", (long) i * 2654435761L) + '|' + API;
    }

    /** Every string new, as each token's JSON gives its own. */
    static AuthnDecision accepted(int i, int groups) {
        List<String> names = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            names.add("oidc:team-" + g + "-" + i);
        }
        String subject = "u-" + String.format("%06d", i);
        return new AuthnDecision.Authenticated(new Identity("oidc:user:" + subject, null, names,
                Map.of("clearance.dev/platform-host", List.of("platform-" + (i % 100) + ".example.com"))),
                List.of(new String(API)), new TokenFacts(new String("https://platform.example.com/api/oidc"), subject,
                        java.util.UUID.nameUUIDFromBytes(subject.getBytes()).toString(), EXP.plusSeconds(i % 60)));
    }

    static AuthnDecision refused(int i) {
        String subject = "u-" + String.format("%06d", i);
        return new AuthnDecision.Unauthenticated(AuthnReason.EXPIRED, "token expired at " + EXP.minusSeconds(i)
                + ", more than 0s ago", new TokenFacts(new String("https://platform.example.com/api/oidc"), subject,
                        "jti-" + i, EXP.minusSeconds(i)));
    }
}
