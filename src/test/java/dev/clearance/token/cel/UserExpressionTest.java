package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** User validation rules over {@code kubernetes.UserInfo}, as kube-apiserver evaluates them. */
class UserExpressionTest {

    private static final Map<String, List<String>> EXTRA = Map.of("example.com/team", List.of("blue"),
            "scopes", List.of("read", "write"));

    record Case(String name, String expression, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the username", "user.username == 'oidc:alice'", true),
                new Case("a username prefix", "!user.username.startsWith('system:')", true),
                new Case("an empty uid", "user.uid == ''", true),
                new Case("group membership", "'admins' in user.groups", true),
                new Case("every group", "user.groups.all(g, g.startsWith('a') || g == 'dev')", true),
                new Case("an extra key with an escaped dot and slash",
                        "user.extra.example__dot__com__slash__team == ['blue']", true),
                new Case("an extra key by index", "user.extra['example.com/team'][0] == 'blue'", true),
                new Case("has() on an extra key", "has(user.extra.scopes)", true),
                new Case("has() on a missing extra key", "has(user.extra.nope)", false),
                new Case("a field that is always set", "has(user.uid)", true),
                new Case("the number of extra keys", "size(user.extra) == 2", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatesOverTheUser(Case c) throws Exception {
        assertEquals(c.expected(), Payloads.CEL.compileUser(c.expression())
                .evaluateUser("oidc:alice", "", List.of("admins", "dev"), EXTRA));
    }

    @Test
    void missingPartsOfTheUserAreEmpty() throws Exception {
        assertEquals(true, Payloads.CEL.compileUser("user.uid == '' && size(user.groups) == 0 && size(user.extra) == 0")
                .evaluateUser("alice", null, null, null));
    }

    @Test
    void aMissingExtraKeyIsAnEvaluationError() throws CelCompileError {
        Expression expression = Payloads.CEL.compileUser("user.extra.nope == []");
        CelEvaluationError error = assertThrows(CelEvaluationError.class,
                () -> expression.evaluateUser("alice", "", List.of(), EXTRA));
        assertEquals(true, error.getMessage().contains("key 'nope' is not present in map"), error.getMessage());
    }
}
