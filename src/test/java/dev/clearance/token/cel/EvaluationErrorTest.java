package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every evaluation failure is a {@link CelEvaluationError} with cel-java's (or cel-go's) reason, never another
 * exception and never the payload.
 */
class EvaluationErrorTest {

    record Failure(String name, String expression, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> failures() {
        return Stream.of(
                new Failure("a missing claim", "claims.nope", "key 'nope' is not present in map"),
                new Failure("a missing nested claim", "claims.nested.nope", "key 'nope' is not present in map"),
                new Failure("an escaped name whose unescaped claim is missing", "claims.only__dash__raw",
                        "key 'only__dash__raw' is not present in map"),
                new Failure("division by zero", "1 / 0", "/ by zero"),
                new Failure("a modulus by zero", "1 % 0", "by zero"),
                new Failure("an index out of range", "claims.groups[5]", "Index out of bounds: 5"),
                new Failure("a bad regex in find", "claims.email.find('(')",
                        "Illegal regex: error parsing regexp: missing closing ): `(`"),
                new Failure("a bad regex in findAll", "claims.email.findAll('[')", "Illegal regex: error parsing"),
                new Failure("a bad regex from a claim in matches", "claims.email.matches(claims.sub + '(')",
                        "error parsing regexp: missing closing ): `user-1(`"),
                new Failure("int() of a string claim that is not a number", "int(claims.sub)", "user-1"),
                new Failure("an operator on the wrong dynamic type", "claims.sub + 1", "No matching overload"),
                new Failure("%d of a JSON number, a double", "'%d'.format([claims.n])",
                        "error during formatting: decimal clause can only be used on integers, was given double"),
                new Failure("a format clause without an argument", "'%s %s'.format(['a'])", "index 1 out of range"),
                new Failure("an unknown format clause", "'%q'.format([1])",
                        "could not parse formatting clause: unrecognized formatting clause \"q\""),
                new Failure("url() of a relative reference", "url('example.com/p')",
                        "URL parse error during conversion from string: parse \"example.com/p\": invalid URI for"
                                + " request"),
                new Failure("url() of a bad port", "url('https://example.com:x/')",
                        "URL parse error during conversion from string: parse \"https://example.com:x/\": invalid"
                                + " port \":x\" after host"),
                new Failure("min of an empty list", "[].min()", "min called on empty list"),
                new Failure("max of an empty list", "[].max()", "max called on empty list"),
                new Failure("sum of strings", "['a', 'b'].sum()", "no such overload: sum on string"),
                new Failure("sum of mixed int and double", "[dyn(1), dyn(2.0)].sum()", "no such overload: sum on double"),
                new Failure("isSorted of maps", "[{}, {}].isSorted()", "no such overload: compare on map"),
                new Failure("value of an empty optional", "optional.none().value()", "Function 'optional_value' failed"),
                new Failure("a duplicate key in a map literal", "{'a': 1, 'a': 2}", "duplicate map key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsWithTheReasonAndWithoutThePayload(Failure f) throws CelCompileError {
        Expression expression = Payloads.CEL.compileClaims(f.expression(), false);
        CelEvaluationError error = assertThrows(CelEvaluationError.class,
                () -> expression.evaluateClaims(Payloads.standard()));
        assertTrue(error.getMessage().contains(f.says()), error.getMessage());
        assertFalse(error.getMessage().contains("alice@example.com"), error.getMessage());
        assertFalse(error.getMessage().contains("deep"), error.getMessage());
    }
}
