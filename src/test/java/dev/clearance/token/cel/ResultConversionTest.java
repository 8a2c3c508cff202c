package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.common.primitives.UnsignedLong;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Results reach the caller as the plain Java values {@link Expression} documents, however deep. */
class ResultConversionTest {

    record Case(String name, String expression, Object expected, Class<?> type) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a string", "claims.sub", "user-1", String.class),
                new Case("a bool", "claims.email_verified", true, Boolean.class),
                new Case("an int", "42", 42L, Long.class),
                new Case("a uint", "42u", UnsignedLong.valueOf(42), UnsignedLong.class),
                new Case("a double", "claims.half", 3.5, Double.class),
                new Case("a JSON null", "claims.nul", CelNull.INSTANCE, CelNull.class),
                new Case("a null literal", "null", CelNull.INSTANCE, CelNull.class),
                new Case("a null inside a list", "[dyn(null), dyn('a')]", java.util.Arrays.asList(CelNull.INSTANCE, "a"),
                        List.class),
                new Case("a claim list, numbers as doubles", "claims.nums", List.of(3.0, 1.0, 2.0), List.class),
                new Case("a claim map, keys as written, nested values converted", "claims.nested",
                        Map.of("x-y", "deep", "list", List.of(Map.of("k-1", "v", "n", 7.0))), Map.class),
                new Case("a map literal with int keys", "{1: [2u]}", Map.of(1L, List.of(UnsignedLong.valueOf(2))),
                        Map.class),
                new Case("a timestamp, as cel-java gives it", "timestamp('2023-01-01T00:00:00Z')",
                        Instant.parse("2023-01-01T00:00:00Z"), Instant.class),
                new Case("an optional, as cel-java gives it", "optional.of('x')", Optional.of("x"), Optional.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void convertsToPlainJava(Case c) throws Exception {
        Object result = Payloads.evaluate(c.expression());
        assertInstanceOf(c.type(), result);
        assertEquals(c.expected(), result);
        if (result instanceof Map<?, ?> map) {
            map.values().forEach(ResultConversionTest::assertPlain);
        } else if (result instanceof List<?> list) {
            list.forEach(ResultConversionTest::assertPlain);
        }
    }

    /** No cel-java or claim view type survives in a converted collection. */
    private static void assertPlain(Object value) {
        assertEquals(false, value.getClass().getName().startsWith("dev.cel"), value.getClass().getName());
        assertEquals(false, value instanceof ClaimValues.UnescapingMap || value instanceof ClaimValues.ConvertingList,
                value.getClass().getName());
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(ResultConversionTest::assertPlain);
        } else if (value instanceof List<?> list) {
            list.forEach(ResultConversionTest::assertPlain);
        }
    }
}
