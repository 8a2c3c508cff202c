package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Doubles printed as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}, which cel-go's {@code string()} uses. */
class GoFloatTest {

    record Case(String name, double value, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a whole number", 3.0, "3"),
                new Case("a fraction", 3.5, "3.5"),
                new Case("1e21", 1e21, "1e+21"),
                new Case("a million, at the exponent threshold", 1_000_000.0, "1e+06"),
                new Case("a six digit number", 123456.0, "123456"),
                new Case("a seven digit number", 1234567.0, "1.234567e+06"),
                new Case("0.0001, at the small threshold", 0.0001, "0.0001"),
                new Case("0.00001, below the small threshold", 0.00001, "1e-05"),
                new Case("negative zero", -0.0, "-0"),
                new Case("zero", 0.0, "0"),
                new Case("a negative fraction", -2.25, "-2.25"),
                new Case("NaN", Double.NaN, "NaN"),
                new Case("positive infinity", Double.POSITIVE_INFINITY, "+Inf"),
                new Case("negative infinity", Double.NEGATIVE_INFINITY, "-Inf"),
                new Case("the shortest digits that read back", 0.1 + 0.2, "0.30000000000000004"),
                new Case("2e23, which Java 17 prints with extra digits", 2e23, "2e+23"),
                new Case("a three digit exponent", 1e300, "1e+300"),
                new Case("the largest double", Double.MAX_VALUE, "1.7976931348623157e+308"),
                new Case("the smallest subnormal", Double.MIN_VALUE, "5e-324"),
                new Case("a timestamp-sized number", 1.7e9, "1.7e+09"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsAsGo(Case c) {
        assertEquals(c.expected(), GoFloat.format(c.value()));
    }
}
