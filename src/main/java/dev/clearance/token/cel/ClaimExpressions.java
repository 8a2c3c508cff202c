package dev.clearance.token.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.validator.CelValidator;
import java.util.Objects;

/**
 * The CEL environments of an {@code AuthenticationConfiguration}, as kube-apiserver builds them: one with the
 * variable {@code claims} (the token payload, {@code map(string, dyn)}, JSON numbers as doubles) for claim mappings
 * and claim validation rules, one with {@code user} (the object type {@code kubernetes.UserInfo}) for user
 * validation rules. Thread-safe; build once, compile every expression once per configuration load, evaluate per
 * token.
 */
public final class ClaimExpressions {

    private final CelLimits limits;
    private final CelEnvironment environment;

    private ClaimExpressions(CelLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (limits.maxExpressionLength() < 1 || limits.maxIterations() < 1 || limits.maxCost() < 1
                || limits.maxTime().isZero() || limits.maxTime().isNegative()) {
            throw new IllegalArgumentException("every CEL limit must be positive: " + limits);
        }
        this.environment = new CelEnvironment(limits);
    }

    /** The environment with {@link CelLimits#DEFAULT}. */
    public static ClaimExpressions standard() {
        return new ClaimExpressions(CelLimits.DEFAULT);
    }

    public static ClaimExpressions withLimits(CelLimits limits) {
        return new ClaimExpressions(limits);
    }

    /**
     * Compiles an expression over {@code claims}.
     *
     * @param mustBeBool true for claim validation rules: the checked type must be bool, exactly as kube-apiserver
     *     checks it (so {@code claims.flag}, of type dyn, is refused there too); false for mappings, whose result
     *     type is checked per token
     * @throws CelCompileError with kube-apiserver's wording ("compilation failed: ..." or "must evaluate to bool")
     */
    public Expression compileClaims(String source, boolean mustBeBool) throws CelCompileError {
        return compile(environment.claimsCompiler, environment.claimsValidator, source, mustBeBool);
    }

    /** Compiles a user validation rule over {@code user}; it must evaluate to bool. */
    public Expression compileUser(String source) throws CelCompileError {
        return compile(environment.userCompiler, environment.userValidator, source, true);
    }

    private Expression compile(CelCompiler compiler, CelValidator validator, String source, boolean mustBeBool)
            throws CelCompileError {
        Objects.requireNonNull(source, "source");
        int length = source.codePointCount(0, source.length());
        if (length > limits.maxExpressionLength()) {
            throw new CelCompileError("compilation failed: the expression is " + length
                    + " characters long, more than the limit of " + limits.maxExpressionLength());
        }
        CelAbstractSyntaxTree ast;
        try {
            CelValidationResult result = compiler.compile(source);
            if (result.hasError()) {
                throw new CelCompileError("compilation failed: " + result.getErrorString());
            }
            CelValidationResult validated = validator.validate(result.getAst());
            if (validated.hasError()) {
                throw new CelCompileError("compilation failed: " + validated.getErrorString());
            }
            ast = validated.getAst();
        } catch (CelValidationException e) {
            throw new CelCompileError("compilation failed: " + e.getMessage());
        }
        if (mustBeBool && ast.getResultType().kind() != CelKind.BOOL) {
            throw new CelCompileError("must evaluate to bool");
        }
        try {
            return new Expression(source, environment.runtime.createProgram(ast), ast.getExpr(), limits);
        } catch (CelEvaluationException e) {
            throw new CelCompileError("program instantiation failed: " + e.getMessage());
        }
    }
}
