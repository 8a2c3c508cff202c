package dev.clearance.token.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work one evaluation may still do. cel-java calls {@link #callback} after every node it evaluates; each costs
 * one step, plus a share of the size of any string, list or map it built, so growth is paid for as it happens
 * (reads that build nothing, such as a select, an index or a comprehension's accumulator step, are not sized).
 * Functions of ours that could build a large value in one call ({@code replace}, {@code format},
 * {@code lists.range}) {@link #charge} it before building. Iterations are counted here too, across all
 * comprehensions, as evaluations of a loop step. Once exceeded the budget stays exceeded, so an error swallowed by
 * {@code ||} or {@code exists} (CEL's {@code error || true} is {@code true}) still ends the evaluation at the next
 * node, as a cost limit ends it in kube-apiserver. Past {@link CelLimits#maxTime} (checked every 64 nodes) the
 * evaluation ends too.
 */
final class Budget implements CelEvaluationListener {

    /** Characters or elements a value may hold per step of budget. */
    static final int UNITS_PER_STEP = 4;

    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    private final CelLimits limits;
    private final Nodes nodes;
    private final long deadline;
    private long spent;
    private long iterations;
    private long charges;
    private String exceeded;

    Budget(CelLimits limits, Nodes nodes) {
        this.limits = limits;
        this.nodes = nodes;
        this.deadline = System.nanoTime() + limits.maxTime().toNanos();
    }

    /** The budget of the evaluation running on this thread, or none outside one. */
    static Budget current() {
        return CURRENT.get();
    }

    /** Charges the budget of the evaluation running on this thread, if any, for a value of this size. */
    static void chargeCurrent(long size) {
        Budget budget = CURRENT.get();
        if (budget != null) {
            budget.charge(size / UNITS_PER_STEP);
        }
    }

    /** Runs an evaluation with this budget as the thread's current one. */
    <T> T around(Evaluation<T> evaluation) throws Exception {
        Budget previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return evaluation.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Which limit the evaluation exceeded, as a sentence, or null. */
    String exceeded() {
        return exceeded;
    }

    static String iterationsMessage(CelLimits limits) {
        return "the expression exceeded the evaluation limit of " + limits.maxIterations() + " iterations";
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        long cost = 1;
        CelExpr.ExprKind.Kind kind = expr.getKind();
        if (kind != CelExpr.ExprKind.Kind.IDENT && kind != CelExpr.ExprKind.Kind.SELECT
                && !nodes.isUnsized(expr.id())) {
            cost += size(value) / UNITS_PER_STEP;
        }
        if (nodes.isLoopStep(expr.id()) && ++iterations > limits.maxIterations() && exceeded == null) {
            exceeded = iterationsMessage(limits);
        }
        charge(cost);
    }

    void charge(long cost) {
        spent += cost;
        if (exceeded == null && spent > limits.maxCost()) {
            exceeded = "the expression exceeded the evaluation limit of " + limits.maxCost() + " steps";
        }
        // the clock is read every 64 nodes only: reading it costs about what evaluating a node does
        if (exceeded == null && (++charges & 63) == 0 && System.nanoTime() - deadline > 0) {
            exceeded = "the expression ran longer than the evaluation limit of " + limits.maxTime().toMillis() + " ms";
        }
        if (exceeded != null) {
            throw new LimitExceeded(exceeded);
        }
    }

    private static long size(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof List<?> || value instanceof Set<?>) {
            return ((Collection<?>) value).size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return 0;
    }

    /** An evaluation run under a budget. */
    interface Evaluation<T> {
        T run() throws Exception;
    }

    /** Thrown from inside cel-java when the budget is spent; cel-java wraps it, {@link Expression} unwraps it. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }
}
