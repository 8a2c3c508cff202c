package dev.clearance.token.cel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token payloads as the verifier parses them: Long and Double numbers, nested maps and lists, JSON null. */
final class Payloads {

    static final ClaimExpressions CEL = ClaimExpressions.standard();

    private Payloads() {}

    static Map<String, Object> standard() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "user-1");
        claims.put("email", "alice@example.com");
        claims.put("email_verified", true);
        claims.put("n", 3L);
        claims.put("half", 3.5);
        claims.put("big", 1e21);
        claims.put("a-b", "dash");
        claims.put("a.b", "dot");
        claims.put("a/b", "slash");
        claims.put("a__b", "underscores");
        claims.put("namespace", "ns");
        claims.put("only__dash__raw", "raw");
        claims.put("un__known__x", "kept");
        claims.put("groups", List.of("a", "b"));
        claims.put("nums", List.of(3L, 1L, 2.0));
        claims.put("nested", Map.of("x-y", "deep", "list", List.of(Map.of("k-1", "v", "n", 7L))));
        claims.put("realm_access", Map.of("roles", List.of("admin"), "x-y", "z"));
        claims.put("nul", null);
        return claims;
    }

    static Object evaluate(String expression) throws CelCompileError, CelEvaluationError {
        return CEL.compileClaims(expression, false).evaluateClaims(standard());
    }
}
