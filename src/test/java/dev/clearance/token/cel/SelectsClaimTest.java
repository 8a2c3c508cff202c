package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kube-apiserver's {@code hasSelectExp} test for {@code claims.email_verified}, node kind by node kind. */
class SelectsClaimTest {

    record Case(String name, String expression, boolean selects) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a plain select", "claims.email_verified", true),
                new Case("an optional select", "claims.?email_verified.orValue(true)", true),
                new Case("has()", "has(claims.email_verified)", true),
                new Case("an operand of an operator", "claims.email_verified == true", true),
                new Case("an argument of a function", "string(claims.email_verified)", true),
                new Case("the target of a member call", "claims.email_verified.startsWith('t')", true),
                new Case("a call on the target", "string(claims.email_verified).size()", true),
                new Case("a list element", "[claims.email_verified]", true),
                new Case("a map value", "{'v': claims.email_verified}", true),
                new Case("a map key", "{claims.email_verified: 1}", true),
                new Case("inside a comprehension", "claims.groups.exists(g, claims.email_verified)", true),
                new Case("the range of a comprehension", "claims.email_verified.all(x, true)", true),
                new Case("a conditional branch", "claims.sub == '' ? claims.email_verified : false", true),
                new Case("another claim", "claims.email", false),
                new Case("a claim whose name only starts alike", "claims.email_verified_at", false),
                new Case("a nested field of that name", "claims.meta.email_verified", false),
                new Case("an index, which hasSelectExp does not count", "claims['email_verified']", false),
                new Case("a string that holds the name", "'claims.email_verified' != ''", false),
                new Case("an optional select of another claim", "claims.?email.orValue('')", false),
                new Case("a select on a comprehension variable", "[claims].exists(c, c.email_verified)", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsTheSelectWhereKubeApiserverDoes(Case c) throws CelCompileError {
        assertEquals(c.selects(), Payloads.CEL.compileClaims(c.expression(), false).selectsClaim("email_verified"),
                c.expression());
    }
}
