package dev.clearance.token.cel;

import dev.cel.common.ast.CelExpr;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@link Budget} needs to know about an expression's nodes, found once at compile time.
 *
 * @param loopSteps the comprehensions' loop steps: one evaluation of any of them is one iteration
 * @param unsized the nodes whose value is not charged by size because they build nothing new: loop steps
 *     (cel-java appends to the accumulator in place), indexes and optional selects or indexes (they return what
 *     is already there)
 */
record Nodes(Set<Long> loopSteps, Set<Long> unsized) {

    private static final Set<String> READS = Set.of("_[_]", "_?._", "_[?_]");

    static Nodes of(CelExpr root) {
        Set<Long> loopSteps = new HashSet<>();
        Set<Long> unsized = new HashSet<>();
        collect(root, loopSteps, unsized);
        unsized.addAll(loopSteps);
        return new Nodes(Set.copyOf(loopSteps), Set.copyOf(unsized));
    }

    private static void collect(CelExpr expr, Set<Long> loopSteps, Set<Long> unsized) {
        switch (expr.getKind()) {
            case SELECT -> collect(expr.select().operand(), loopSteps, unsized);
            case CALL -> {
                if (READS.contains(expr.call().function())) {
                    unsized.add(expr.id());
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
                loopSteps.add(c.loopStep().id());
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
