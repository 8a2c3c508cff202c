package dev.clearance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decision ids are RFC 9562 UUIDv7s: version and variant bits, the time in front, and sorted in the order made. */
class DecisionIdsTest {

    record Layout(String name, long millis, int seq, long random, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Layout> layouts() {
        return Stream.of(
                new Layout("all zero bits still carry version 7 and variant 10", 0, 0, 0,
                        "00000000-0000-7000-8000-000000000000"),
                new Layout("all one bits keep version and variant, and drop the random's top two bits", -1, -1, -1,
                        "ffffffff-ffff-7fff-bfff-ffffffffffff"),
                new Layout("RFC 9562 appendix A.6's time 0x017F22E279B0 leads the id", 0x017F22E279B0L, 0xCC3, 0x18C4DC0C0C07398FL,
                        "017f22e2-79b0-7cc3-98c4-dc0c0c07398f"),
                new Layout("a time beyond 48 bits keeps only its low 48", 0x1_0000_0000_0001L, 1, 0,
                        "00000000-0001-7001-8000-000000000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void laysOutTheBitsAsRfc9562Says(Layout c) {
        UUID id = DecisionIds.of(c.millis(), c.seq(), c.random());

        assertEquals(c.expected(), id.toString());
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
    }

    record Order(String name, long millisA, int seqA, long millisB, int seqB) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Order> orders() {
        return Stream.of(
                new Order("a later millisecond sorts after, whatever the counter", 1000, 0xfff, 1001, 0),
                new Order("within one millisecond the counter orders", 1000, 1, 1000, 2),
                new Order("milliseconds far apart sort by time", 1, 0, 0xffff_ffff_ffffL, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void sortsAsTextInTimeOrder(Order c) {
        String a = DecisionIds.of(c.millisA(), c.seqA(), -1).toString();
        String b = DecisionIds.of(c.millisB(), c.seqB(), 0).toString();

        assertTrue(a.compareTo(b) < 0, a + " before " + b);
    }

    @Test
    void newIdsAreVersion7NowAndStrictlyIncreasing() {
        long before = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(DecisionIds.next());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " before " + ids.get(i));
        }
        UUID first = UUID.fromString(ids.get(0));
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        long millis = first.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= System.currentTimeMillis() + 1000, "time " + millis);
    }
}
