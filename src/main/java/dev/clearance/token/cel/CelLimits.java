package dev.clearance.token.cel;

import java.time.Duration;

/**
 * Bounds on one expression: its length at load, and the work one evaluation may do, so a hostile or sloppy
 * expression cannot stall a thread. Steps and iterations are deterministic, as kube-apiserver's cost limit is;
 * the time bound is the backstop for what they do not weigh (cel-java's interpreter takes microseconds per
 * iteration, so 10,000 iterations of a nested comprehension can take a third of a second), because evaluation
 * runs on the HTTP event loop.
 *
 * @param maxExpressionLength longest accepted source, in code points
 * @param maxIterations most iterations of all comprehensions of one evaluation together
 * @param maxCost most evaluation steps of one evaluation (an abstract cost, comparable to kube-apiserver's)
 * @param maxTime longest one evaluation may run; an expression over it fails as over any other limit
 */
public record CelLimits(int maxExpressionLength, int maxIterations, long maxCost, Duration maxTime) {

    /** 25 ms: a thousand times what the expressions of a real configuration take per token. */
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMillis(25);

    public static final CelLimits DEFAULT = new CelLimits(10_000, 10_000, 1_000_000);

    /** The limits with {@link #DEFAULT_MAX_TIME}. */
    public CelLimits(int maxExpressionLength, int maxIterations, long maxCost) {
        this(maxExpressionLength, maxIterations, maxCost, DEFAULT_MAX_TIME);
    }
}
