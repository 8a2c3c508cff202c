package dev.clearance.token.cel;

import dev.cel.common.CelErrorCode;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One compiled expression; immutable and thread-safe (each evaluation has its own budget). Evaluation results are
 * plain Java values: CEL string to {@link String}, bool to {@link Boolean}, int to {@link Long}, uint to
 * {@link com.google.common.primitives.UnsignedLong}, double to {@link Double}, null to {@link CelNull#INSTANCE},
 * list to {@link List} (elements converted alike), map to {@link Map}; any other CEL value (bytes, timestamp,
 * duration, type, optional, {@code kubernetes.URL}) as whatever object cel-java gives.
 */
public final class Expression {

    /** Longest evaluation error message passed on; cel-java's name a key or a type, never a whole payload. */
    private static final int MAX_MESSAGE = 300;

    private final String source;
    private final CelRuntime.Program program;
    private final CelExpr root;
    private final CelLimits limits;
    private final Nodes nodes;

    Expression(String source, CelRuntime.Program program, CelExpr root, CelLimits limits) {
        this.source = source;
        this.program = program;
        this.root = root;
        this.limits = limits;
        this.nodes = Nodes.of(root);
    }

    /** The expression as written in the file. */
    public String source() {
        return source;
    }

    /**
     * Whether the expression selects {@code claims.<name>} (or {@code claims.?<name>}) anywhere, the test
     * kube-apiserver applies for its {@code email} / {@code email_verified} rule.
     */
    public boolean selectsClaim(String name) {
        return ClaimSelects.selects(root, CelEnvironment.CLAIMS, name);
    }

    /** Evaluates over a token payload (as parsed: Long or Double numbers, Lists, Maps, Strings, Booleans, null). */
    public Object evaluateClaims(Map<String, Object> claims) throws CelEvaluationError {
        Objects.requireNonNull(claims, "claims");
        return evaluate(Map.of(CelEnvironment.CLAIMS, new ClaimValues.UnescapingMap(claims)));
    }

    /** Evaluates a user validation rule over the mapped identity (uid is "" when none). */
    public Object evaluateUser(String username, String uid, List<String> groups, Map<String, List<String>> extra)
            throws CelEvaluationError {
        Map<String, Object> user = Map.of(
                "username", username == null ? "" : username,
                "uid", uid == null ? "" : uid,
                "groups", groups == null ? List.of() : groups,
                "extra", new ClaimValues.UnescapingMap(extra == null ? Map.of() : extra));
        return evaluate(Map.of(CelEnvironment.USER, user));
    }

    private Object evaluate(Map<String, Object> variables) throws CelEvaluationError {
        Budget budget = new Budget(limits, nodes);
        try {
            return Results.toJava(budget.around(() -> program.trace(variables, budget)));
        } catch (CelEvaluationException e) {
            throw error(budget, e);
        } catch (Exception | StackOverflowError e) {
            throw budget.exceeded() != null ? new CelEvaluationError(budget.exceeded())
                    : new CelEvaluationError(cut("evaluation failed: " + e.getMessage()));
        }
    }

    private CelEvaluationError error(Budget budget, CelEvaluationException e) {
        if (budget.exceeded() != null) {
            return new CelEvaluationError(budget.exceeded());
        }
        if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
            return new CelEvaluationError(Budget.iterationsMessage(limits));
        }
        return new CelEvaluationError(cut(e.getMessage()));
    }

    private static String cut(String message) {
        String text = message == null ? "evaluation failed" : message;
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
