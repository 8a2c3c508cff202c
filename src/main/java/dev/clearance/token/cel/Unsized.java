package dev.clearance.token.cel;

import dev.cel.common.ast.CelExpr;
import java.util.HashSet;
import java.util.Set;

/**
 * The nodes whose value {@link Budget} does not size because they build nothing new: a comprehension's
 * accumulator step (cel-java appends in place), an index and an optional select or index (they return what is
 * already there).
 */
final class Unsized {

    private static final Set<String> READS = Set.of("_[_]", "_?._", "_[?_]");

    private Unsized() {}

    static Set<Long> ids(CelExpr root) {
        Set<Long> ids = new HashSet<>();
        collect(root, ids);
        return Set.copyOf(ids);
    }

    private static void collect(CelExpr expr, Set<Long> ids) {
        switch (expr.getKind()) {
            case SELECT -> collect(expr.select().operand(), ids);
            case CALL -> {
                if (READS.contains(expr.call().function())) {
                    ids.add(expr.id());
                }
                expr.call().target().ifPresent(target -> collect(target, ids));
                expr.call().args().forEach(arg -> collect(arg, ids));
            }
            case LIST -> expr.list().elements().forEach(element -> collect(element, ids));
            case MAP -> expr.map().entries().forEach(entry -> {
                collect(entry.key(), ids);
                collect(entry.value(), ids);
            });
            case STRUCT -> expr.struct().entries().forEach(entry -> collect(entry.value(), ids));
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = expr.comprehension();
                ids.add(c.loopStep().id());
                collect(c.iterRange(), ids);
                collect(c.accuInit(), ids);
                collect(c.loopCondition(), ids);
                collect(c.loopStep(), ids);
                collect(c.result(), ids);
            }
            default -> {
                // constants and identifiers hold nothing to walk
            }
        }
    }
}
