package dev.clearance.token.cel;

import dev.cel.common.ast.CelExpr;
import java.util.BitSet;
import java.util.Set;

/**
 * What {@link Budget} needs to know about an expression's nodes, found once at compile time. Node ids are small
 * and dense (the parser numbers them), so bit sets keep the per-node check of every evaluation cheap; the sets are
 * never changed after {@link #of}.
 */
final class Nodes {

    private static final Set<String> READS = Set.of("_[_]", "_?._", "_[?_]");

    /** The comprehensions' loop steps: one evaluation of any of them is one iteration. */
    private final BitSet loopSteps;
    /**
     * The nodes whose value is not charged by size because they build nothing new: loop steps (cel-java appends
     * to the accumulator in place), indexes and optional selects or indexes (they return what is already there).
     */
    private final BitSet unsized;

    private Nodes(BitSet loopSteps, BitSet unsized) {
        this.loopSteps = loopSteps;
        this.unsized = unsized;
    }

    static Nodes of(CelExpr root) {
        BitSet loopSteps = new BitSet();
        BitSet unsized = new BitSet();
        collect(root, loopSteps, unsized);
        unsized.or(loopSteps);
        return new Nodes(loopSteps, unsized);
    }

    boolean isLoopStep(long id) {
        return id >= 0 && id <= Integer.MAX_VALUE && loopSteps.get((int) id);
    }

    boolean isUnsized(long id) {
        return id >= 0 && id <= Integer.MAX_VALUE && unsized.get((int) id);
    }

    private static void mark(BitSet set, long id) {
        if (id >= 0 && id <= Integer.MAX_VALUE) {
            set.set((int) id);
        }
    }

    private static void collect(CelExpr expr, BitSet loopSteps, BitSet unsized) {
        switch (expr.getKind()) {
            case SELECT -> collect(expr.select().operand(), loopSteps, unsized);
            case CALL -> {
                if (READS.contains(expr.call().function())) {
                    mark(unsized, expr.id());
                }
                expr.call().target().ifPresent(target -> collect(target, loopSteps, unsized));
                expr.call().args().forEach(arg -> collect(arg, loopSteps, unsized));
            }
            case LIST -> expr.list().elements().forEach(element -> collect(element, loopSteps, unsized));
            case MAP -> expr.map().entries().forEach(entry -> {
                collect(entry.key(), loopSteps, unsized);
                collect(entry.value(), loopSteps, unsized);
            });
            case STRUCT -> expr.struct().entries().forEach(entry -> collect(entry.value(), loopSteps, unsized));
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = expr.comprehension();
                mark(loopSteps, c.loopStep().id());
                for (CelExpr part : new CelExpr[] {c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(),
                        c.result()}) {
                    collect(part, loopSteps, unsized);
                }
            }
            default -> {
                // constants and identifiers hold nothing to walk
            }
        }
    }
}
