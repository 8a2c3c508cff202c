package dev.clearance.token.cel;

/**
 * Bounds on one expression: its length at load, and the work one evaluation may do, so a hostile or sloppy
 * expression cannot stall a thread.
 *
 * @param maxExpressionLength longest accepted source, in code points
 * @param maxIterations most iterations of all comprehensions of one evaluation together
 * @param maxCost most evaluation steps of one evaluation (an abstract cost, comparable to kube-apiserver's)
 */
public record CelLimits(int maxExpressionLength, int maxIterations, long maxCost) {

    public static final CelLimits DEFAULT = new CelLimits(10_000, 10_000, 1_000_000);
}
