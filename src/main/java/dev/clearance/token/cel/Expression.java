package dev.clearance.token.cel;

import java.util.List;
import java.util.Map;

/**
 * One compiled expression. Evaluation results are plain Java values: CEL string to {@link String}, bool to
 * {@link Boolean}, int to {@link Long}, uint to {@link com.google.common.primitives.UnsignedLong}, double to
 * {@link Double}, null to {@link CelNull#INSTANCE}, list to {@link List} (elements converted alike), map to
 * {@link Map}; any other CEL value (bytes, timestamp, duration, type, optional) as whatever object cel-java gives.
 */
public final class Expression {

    Expression() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The expression as written in the file. */
    public String source() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Whether the expression selects {@code claims.<name>} (or {@code claims.?<name>}) anywhere, the test
     * kube-apiserver applies for its {@code email} / {@code email_verified} rule.
     */
    public boolean selectsClaim(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Evaluates over a token payload (as parsed: Long or Double numbers, Lists, Maps, Strings, Booleans, null). */
    public Object evaluateClaims(Map<String, Object> claims) throws CelEvaluationError {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Evaluates a user validation rule over the mapped identity (uid is "" when none). */
    public Object evaluateUser(String username, String uid, List<String> groups, Map<String, List<String>> extra)
            throws CelEvaluationError {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
