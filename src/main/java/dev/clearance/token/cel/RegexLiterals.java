package dev.clearance.token.cel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.validator.CelAstValidator;

/**
 * cel-go's {@code ValidateRegexLiterals}, which kube-apiserver enables: a literal first argument of
 * {@code matches} must be a valid RE2 pattern, or the expression does not compile. cel-java's own validator checks
 * with {@code java.util.regex}, which refuses RE2 patterns such as {@code (?P<name>...)} that kube-apiserver takes.
 */
final class RegexLiterals implements CelAstValidator {

    @Override
    public void validate(CelNavigableAst ast, Cel cel, IssuesFactory issues) {
        ast.getRoot().allNodes()
                .map(node -> node.expr())
                .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.CALL
                        && expr.call().function().equals("matches") && !expr.call().args().isEmpty())
                .map(expr -> expr.call().args().get(0))
                .filter(arg -> arg.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && arg.constant().getKind() == CelConstant.Kind.STRING_VALUE)
                .forEach(arg -> {
                    try {
                        Pattern.compile(arg.constant().stringValue());
                    } catch (PatternSyntaxException e) {
                        issues.addError(arg.id(), "invalid matches argument");
                    }
                });
    }
}
