package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile or sloppy expression ends with an error naming the limit it reached, instead of stalling the thread or
 * filling the heap. The timeout is only a safety net so a regression fails instead of hanging the build.
 */
class LimitsTest {

    /** The default step and iteration limits; no time limit to speak of, so that each case ends at the one it names. */
    private static final CelLimits LIMITS = new CelLimits(10_000, 10_000, 1_000_000, java.time.Duration.ofMinutes(1));
    private static final String ITERATIONS = "the expression exceeded the evaluation limit of 10000 iterations";
    private static final String STEPS = "the expression exceeded the evaluation limit of 1000000 steps";

    record Case(String name, Supplier<String> expression, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> blowUps() {
        String hundred = IntStream.rangeClosed(1, 100).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                new Case("nested maps over literal lists", () -> hundred + ".map(x, " + hundred + ".map(y, " + hundred
                        + ".map(z, x + y + z)))", ITERATIONS),
                new Case("all() over a claim of 100,000 elements", () -> "claims.huge.all(x, x >= 0.0)", ITERATIONS),
                new Case("a limit error swallowed by || still fails", () -> "claims.huge.exists(x, x < 0.0) || true",
                        ITERATIONS),
                new Case("a map of a map of a claim list", () -> "claims.huge.map(x, claims.huge.map(y, y))",
                        ITERATIONS),
                new Case("two-variable comprehensions count too", () -> "claims.huge.transformList(i, v, v)",
                        ITERATIONS),
                new Case("iterations add up across comprehensions", () -> "lists.range(6000).all(x, x >= 0)"
                        + " && lists.range(6000).all(x, x >= 0)", ITERATIONS),
                new Case("a string that doubles at every level", LimitsTest::doublings, STEPS),
                new Case("replace that multiplies a long claim", () -> "claims.long.replace('', claims.long)", STEPS),
                new Case("replace of every character by a long claim", () -> "claims.long.replace('a', claims.long)",
                        STEPS),
                new Case("a huge lists.range", () -> "lists.range(2000000000).size()", STEPS),
                new Case("a huge format precision", () -> "'%.100000000f'.format([1.0])", STEPS),
                new Case("a cost limit error swallowed by || still fails",
                        () -> "claims.long.replace('', claims.long) == '' || true", STEPS),
                new Case("concatenating a long claim list in every iteration",
                        () -> "lists.range(9000).map(i, claims.mid + claims.mid).size()", STEPS));
    }

    /** {@code [s + s].map(a, [a + a].map(b, ...))}: 2^30 times the claim, unless the budget stops it. */
    private static String doublings() {
        StringBuilder open = new StringBuilder("[claims.long + claims.long]");
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            open.append(".map(v").append(i).append(", [v").append(i).append(" + v").append(i).append(']');
            close.append(')');
        }
        return open.append(close).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blowUps")
    void endsWithTheLimitItReached(Case c) throws CelCompileError {
        Expression expression = ClaimExpressions.withLimits(LIMITS).compileClaims(c.expression().get(), false);
        Map<String, Object> claims = hostileClaims();
        CelEvaluationError error = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(CelEvaluationError.class, () -> expression.evaluateClaims(claims)));
        assertEquals(c.message(), error.getMessage());
    }

    record Within(String name, CelLimits limits, String expression, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Within> withinLimits() {
        return Stream.of(
                new Within("exactly the iteration limit", new CelLimits(1000, 3, 1000, java.time.Duration.ofMinutes(1)), "[1, 2, 3].all(x, x > 0)",
                        true),
                new Within("a short-circuited branch costs nothing", new CelLimits(1000, 3, 1000, java.time.Duration.ofMinutes(1)),
                        "true || lists.range(100).all(x, x > 0)", true),
                new Within("a map over a claim list of a thousand groups", LIMITS,
                        "claims.groups.map(g, 'oidc:' + g).size()", 1000L),
                new Within("reading a large claim is not charged by its size", new CelLimits(1000, 10, 1000, java.time.Duration.ofMinutes(1)),
                        "size(claims.huge) + size(claims['huge'])", 200_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withinLimits")
    void evaluatesWithinTheLimits(Within w) throws Exception {
        assertEquals(w.expected(),
                ClaimExpressions.withLimits(w.limits()).compileClaims(w.expression(), false).evaluateClaims(
                        hostileClaims()));
    }

    @Test
    void failsOneIterationOverTheLimit() throws Exception {
        Expression expression = ClaimExpressions.withLimits(new CelLimits(1000, 2, 1000, java.time.Duration.ofMinutes(1)))
                .compileClaims("[1, 2, 3].all(x, x > 0)", false);
        CelEvaluationError error = assertThrows(CelEvaluationError.class,
                () -> expression.evaluateClaims(hostileClaims()));
        assertEquals("the expression exceeded the evaluation limit of 2 iterations", error.getMessage());
    }

    @Test
    void anEvaluationThatRunsPastTheTimeLimitEndsWithThatLimitNamed() throws Exception {
        // within the step and iteration limits, but a nested comprehension that takes far longer than 5 ms
        Expression expression = ClaimExpressions.withLimits(new CelLimits(1000, 100_000_000, Long.MAX_VALUE,
                        java.time.Duration.ofMillis(5)))
                .compileClaims("lists.range(300).all(a, lists.range(300).all(b, a + b >= 0))", false);

        CelEvaluationError error = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> assertThrows(CelEvaluationError.class, () -> expression.evaluateClaims(hostileClaims())));

        assertEquals("the expression ran longer than the evaluation limit of 5 ms", error.getMessage());
    }

    private static Map<String, Object> hostileClaims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("huge", Collections.nCopies(100_000, 1L));
        claims.put("long", "a".repeat(10_000));
        claims.put("mid", Collections.nCopies(1000, "x"));
        claims.put("groups", IntStream.range(0, 1000).mapToObj(i -> "group-" + i).collect(Collectors.toList()));
        return claims;
    }
}
