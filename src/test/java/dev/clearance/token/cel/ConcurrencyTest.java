package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One compiled expression serves every request thread at once: each evaluation has its own budget and its own
 * claims. Also the shape of the lead's per-token work (three mappings, two rules), run many times; this asserts
 * results only, never time.
 */
class ConcurrencyTest {

    @Test
    void evaluatesTheSameExpressionFromManyThreads() throws Exception {
        Expression expression = Payloads.CEL.compileClaims(
                "claims.groups.map(g, 'oidc:' + g + '-' + string(claims.n)).join(',')", false);
        List<String> results = IntStream.range(0, 2000).parallel().mapToObj(i -> {
            try {
                return (String) expression.evaluateClaims(Map.of("groups", List.of("g" + i), "n", (long) i));
            } catch (CelEvaluationError e) {
                throw new AssertionError(e);
            }
        }).toList();
        for (int i = 0; i < results.size(); i++) {
            assertEquals("oidc:g" + i + "-" + i, results.get(i));
        }
    }

    @Test
    void evaluatesATokensMappingsAndRulesRepeatedly() throws Exception {
        ClaimExpressions cel = ClaimExpressions.standard();
        List<Expression> mappings = List.of(
                cel.compileClaims("'oidc:' + claims.sub", false),
                cel.compileClaims("claims.groups.map(g, 'oidc:' + g)", false),
                cel.compileClaims("claims.?email.orValue('')", false));
        List<Expression> rules = List.of(
                cel.compileClaims("claims.?email_verified.orValue(true) == true", true),
                cel.compileClaims("claims.realm_access.roles.exists(r, r == 'admin')", true));
        Map<String, Object> claims = Payloads.standard();
        int trues = 0;
        for (int i = 0; i < 20_000; i++) {
            for (Expression mapping : mappings) {
                mapping.evaluateClaims(claims);
            }
            for (Expression rule : rules) {
                trues += Boolean.TRUE.equals(rule.evaluateClaims(claims)) ? 1 : 0;
            }
        }
        assertEquals(40_000, trues);
        assertEquals("oidc:user-1", mappings.get(0).evaluateClaims(claims));
    }
}
