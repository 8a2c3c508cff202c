package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code format} as cel-go's strings extension version 2 prints, cases taken from cel-go's own tests. */
class StringFormatTest {

    record Case(String name, String expression, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a string", "'hello %s'.format(['world'])", "hello world"),
                new Case("an escaped percent sign", "'%%escaped %s%%'.format(['percent'])", "%escaped percent%"),
                new Case("an int and a uint with %d", "'%d %d'.format([42, 64u])", "42 64"),
                new Case("%s of an int claim read as a double", "'%s'.format([claims.n])", "3"),
                new Case("%s of a fractional double", "'%s'.format([64.2])", "64.2"),
                new Case("%s of a large double", "'%s'.format([1000000.0])", "1e+06"),
                new Case("%s of NaN", "'%s'.format([double('NaN')])", "NaN"),
                new Case("%s of infinity", "'%s'.format([double('Infinity')])", "+Inf"),
                new Case("%s of booleans", "'%s %s'.format([true, false])", "true false"),
                new Case("%s of null", "'%s'.format([null])", "null"),
                new Case("%s of bytes", "'%s'.format([b'abc'])", "abc"),
                new Case("%s of a type", "'%s'.format([type(1)])", "int"),
                new Case("%s of a timestamp", "'%s'.format([timestamp('2023-02-03T23:31:20Z')])",
                        "2023-02-03T23:31:20Z"),
                new Case("%s of a duration", "'%s'.format([duration('1h45m47s')])", "6347s"),
                new Case("%s of a list: strings quoted, doubles fixed", "'%s'.format([[1, 2.5, 'a', true, null]])",
                        "[1, 2.500000, \"a\", true, null]"),
                new Case("%s of a list of special doubles",
                        "'%s'.format([[double('NaN'), double('Infinity'), double('-Infinity')]])",
                        "[\"NaN\", \"+Inf\", \"-Inf\"]"),
                new Case("%s of a map, keys sorted", "'%s'.format([{'b': 2.0, 'a': 'x'}])", "{\"a\":\"x\", \"b\":2.000000}"),
                new Case("%s of a map with int, uint and bool keys", "'%s'.format([{1: 'v1', 2u: 'v2', true: 'v3'}])",
                        "{1:\"v1\", 2:\"v2\", true:\"v3\"}"),
                new Case("%s of a map inside a list", "'%s'.format([[1, {'a': 'x'}]])", "[1, {\"a\":\"x\"}]"),
                new Case("%s of a claim list of doubles", "'%s'.format([claims.nums])",
                        "[3.000000, 1.000000, 2.000000]"),
                new Case("%s quotes an element as Go does", "'%s'.format([['a\"b\\n']])", "[\"a\\\"b\\n\"]"),
                new Case("%s of timestamps in a list", "'%s'.format([[timestamp('2023-02-03T23:31:20Z')]])",
                        "[timestamp(\"2023-02-03T23:31:20Z\")]"),
                new Case("%f with its default precision", "'%f'.format([2.71828])", "2.718280"),
                new Case("%f with a precision", "'%.3f'.format([1.2345])", "1.234"),
                new Case("%f rounds the exact binary value half to even", "'%.2f'.format([0.125])", "0.12"),
                new Case("%f groups thousands as en_US", "'%.2f'.format([1234567.891])", "1,234,567.89"),
                new Case("%f of a negative number", "'%.1f'.format([-1234.5])", "-1,234.5"),
                new Case("%f with zero precision", "'%.0f'.format([2.5])", "2"),
                new Case("%f of the string NaN", "'%f'.format(['NaN'])", "NaN"),
                new Case("%f of the string Infinity", "'%f'.format(['Infinity'])", "∞"),
                new Case("%f of the string -Infinity", "'%f'.format(['-Infinity'])", "-∞"),
                new Case("%e as cel-go prints it", "'%e'.format([2.71828])", "2.718280\u202f×\u202f10⁰⁰"),
                new Case("%e of a small number", "'%e'.format([0.00012345])", "1.234500\u202f×\u202f10⁻⁰⁴"),
                new Case("%e of a large number", "'%e'.format([123456789.0])", "1.234568\u202f×\u202f10⁰⁸"),
                new Case("%e reads a precision as a width, as cel-go does", "'%.17e'.format([1.0])",
                        "  1.000000\u202f×\u202f10⁰⁰"),
                new Case("%b of an int", "'%b'.format([5])", "101"),
                new Case("%b of a negative int", "'%b'.format([-5])", "-101"),
                new Case("%b of a bool", "'%b %b'.format([true, false])", "1 0"),
                new Case("%o", "'%o'.format([30])", "36"),
                new Case("%x of an int", "'%x'.format([26])", "1a"),
                new Case("%X of an int", "'%X'.format([26])", "1A"),
                new Case("%x of a uint", "'%x'.format([255u])", "ff"),
                new Case("%x of a string", "'%x'.format(['Hi'])", "4869"),
                new Case("%X of bytes", "'%X'.format([b'\\x01\\xff'])", "01FF"),
                new Case("a format string from a claim", "claims.sub.format([])", "user-1"),
                new Case("surplus arguments are ignored at run time", "'%s'.format(['a', 'b'])", "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatsAsCelGo(Case c) throws Exception {
        assertEquals(c.expected(), Payloads.evaluate(c.expression()), c.expression());
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("%d of a double", "'%d'.format([1.0])",
                        "error during formatting: decimal clause can only be used on integers, was given double"),
                new Case("%f of an int", "'%f'.format([1])",
                        "error during formatting: fixed-point clause can only be used on doubles, was given int"),
                new Case("%f of null", "'%f'.format([null])",
                        "error during formatting: fixed-point clause can only be used on doubles, was given null_type"),
                new Case("%e of a string", "'%e'.format(['x'])",
                        "error during formatting: scientific clause can only be used on doubles, was given string"),
                new Case("%b of a double", "'%b'.format([1.0])",
                        "error during formatting: only integers and bools can be formatted as binary, was given"
                                + " double"),
                new Case("%o of a string", "'%o'.format(['x'])",
                        "error during formatting: octal clause can only be used on integers, was given string"),
                new Case("%x of a bool", "'%x'.format([true])", "error during formatting: only integers, byte"
                        + " buffers, and strings can be formatted as hex, was given bool"),
                new Case("%s of an optional", "'%s'.format([optional.of(1)])", "error during formatting: string"
                        + " clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types,"
                        + " durations, and timestamps, was given optional_type"),
                new Case("a map key of type double", "'%s'.format([{1.5: 'x'}])",
                        "error during formatting: no formatting function for map key of type double"),
                new Case("too few arguments", "'%s'.format([])", "index 0 out of range"),
                new Case("a clause cut off at the end", "'abc %'.format([1])", "unexpected end of string"),
                new Case("a precision cut off at the end", "'%.3'.format([1.0])", "could not parse formatting"
                        + " clause: error while parsing precision: could not find end of precision specifier"),
                new Case("an unknown verb", "'%z'.format([1])",
                        "could not parse formatting clause: unrecognized formatting clause \"z\""));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void refusesAsCelGo(Case c) throws CelCompileError {
        Expression expression = Payloads.CEL.compileClaims(c.expression(), false);
        CelEvaluationError error = org.junit.jupiter.api.Assertions.assertThrows(CelEvaluationError.class,
                () -> expression.evaluateClaims(Payloads.standard()));
        assertEquals(c.expected(), error.getMessage());
    }
}
