package dev.clearance.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code clearance.authn.cache-max-memory}: a fifth of the heap by default, else positive and within the heap. */
class CacheMemoryTest {

    static final long HEAP = 160L * 1024 * 1024;

    record Valid(String name, Optional<MemorySize> configured, long expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Invalid(String name, long configured, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("unset: a fifth of the heap", Optional.empty(), HEAP / 5),
                new Valid("32 MiB as configured", size(32L * 1024 * 1024), 32L * 1024 * 1024),
                new Valid("one byte", size(1), 1),
                new Valid("the whole heap", size(HEAP), HEAP));
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("zero", 0, "must be positive"),
                new Invalid("negative", -1, "must be positive"),
                new Invalid("a byte more than the heap", HEAP + 1, "more than the JVM's whole maximum heap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void takesTheBound(Valid c) {
        assertEquals(c.expected(), CacheMemory.bound(c.configured(), HEAP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesTheBoundNamingTheProperty(Invalid c) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> CacheMemory.bound(size(c.configured()), HEAP));

        assertTrue(e.getMessage().startsWith("clearance.authn.cache-max-memory "), e.getMessage());
        assertTrue(e.getMessage().contains(c.says()), e.getMessage());
    }

    static Optional<MemorySize> size(long bytes) {
        return Optional.of(new MemorySize(BigInteger.valueOf(bytes)));
    }
}
