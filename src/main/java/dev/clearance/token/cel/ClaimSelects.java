package dev.clearance.token.cel;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

/**
 * kube-apiserver's {@code hasSelectExp}: whether an expression selects {@code <variable>.<field>}, or
 * {@code <variable>.?<field>}, anywhere: operands, call targets and arguments, list elements, map keys and values,
 * struct fields and every part of a comprehension.
 */
final class ClaimSelects {

    private static final String OPTIONAL_SELECT = "_?._";

    private ClaimSelects() {}

    static boolean selects(CelExpr expr, String variable, String field) {
        if (expr == null || variable.isEmpty() || field.isEmpty()) {
            return false;
        }
        switch (expr.getKind()) {
            case SELECT -> {
                CelExpr.CelSelect select = expr.select();
                return isIdent(select.operand(), variable) && select.field().equals(field)
                        || selects(select.operand(), variable, field);
            }
            case CALL -> {
                CelExpr.CelCall call = expr.call();
                if (call.target().isEmpty() && call.function().equals(OPTIONAL_SELECT) && call.args().size() == 2
                        && isIdent(call.args().get(0), variable) && isConstString(call.args().get(1), field)) {
                    return true;
                }
                for (CelExpr arg : call.args()) {
                    if (selects(arg, variable, field)) {
                        return true;
                    }
                }
                return call.target().isPresent() && selects(call.target().get(), variable, field);
            }
            case LIST -> {
                return expr.list().elements().stream().anyMatch(e -> selects(e, variable, field));
            }
            case MAP -> {
                return expr.map().entries().stream()
                        .anyMatch(e -> selects(e.key(), variable, field) || selects(e.value(), variable, field));
            }
            case STRUCT -> {
                return expr.struct().entries().stream().anyMatch(e -> selects(e.value(), variable, field));
            }
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = expr.comprehension();
                return selects(c.iterRange(), variable, field) || selects(c.accuInit(), variable, field)
                        || selects(c.loopCondition(), variable, field) || selects(c.loopStep(), variable, field)
                        || selects(c.result(), variable, field);
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean isIdent(CelExpr expr, String name) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name);
    }

    private static boolean isConstString(CelExpr expr, String value) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
                && expr.constant().stringValue().equals(value);
    }
}
