package dev.clearance.token.cel;

/**
 * The CEL environments of an {@code AuthenticationConfiguration}, as kube-apiserver builds them: one with the
 * variable {@code claims} (the token payload, {@code map(string, dyn)}, JSON numbers as doubles) for claim mappings
 * and claim validation rules, one with {@code user} for user validation rules. Thread-safe; build once, compile
 * every expression once per configuration load, evaluate per token.
 */
public final class ClaimExpressions {

    private ClaimExpressions(CelLimits limits) {
        throw new UnsupportedOperationException("not implemented yet");
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
     * @param mustBeBool true for claim validation rules (the checked type must be bool, or dyn as kube-apiserver
     *     allows); false for mappings, whose result type is checked per token
     * @throws CelCompileError with kube-apiserver's wording ("compilation failed: ..." or "must evaluate to bool")
     */
    public Expression compileClaims(String source, boolean mustBeBool) throws CelCompileError {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Compiles a user validation rule over {@code user}; it must evaluate to bool. */
    public Expression compileUser(String source) throws CelCompileError {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
