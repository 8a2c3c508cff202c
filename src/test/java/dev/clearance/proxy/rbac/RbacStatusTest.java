package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What readiness shows after each event of the reconciler's life. */
class RbacStatusTest {

    static final Instant T1 = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-12-02T10:00:05Z");

    static Stream<Arguments> events() {
        RbacStatus ready = RbacStatus.STARTING.afterResync(true, T1, "discovery", 0);
        return Stream.of(
                Arguments.of("a successful first resync makes it ready", ready,
                        new RbacStatus(true, true, T1, "discovery", null, null, 0)),
                Arguments.of("a failed first resync keeps it unready and shows the resources it used",
                        RbacStatus.STARTING.afterResync(false, T1, "fallback", 1),
                        new RbacStatus(true, false, null, "fallback", null, null, 1)),
                Arguments.of("a failed later resync keeps it ready with the last good time",
                        ready.afterResync(false, T2, "discovery", 2), new RbacStatus(true, true, T1, "discovery", null, null, 2)),
                Arguments.of("an error is shown with its time and nothing else changes", ready.withError("list: HTTP 500: x", T2),
                        new RbacStatus(true, true, T1, "discovery", "list: HTTP 500: x", T2, 0)),
                Arguments.of("the failing count changes alone", ready.withError("e", T2).withFailing(3),
                        new RbacStatus(true, true, T1, "discovery", "e", T2, 3)),
                Arguments.of("a stopped reconciler is unready with the reason", ready.withFailing(1).stopped("reconciler stopped: bug", T2),
                        new RbacStatus(true, false, T1, "discovery", "reconciler stopped: bug", T2, 1)),
                Arguments.of("disabled: nothing runs and nothing is wrong", RbacStatus.DISABLED,
                        new RbacStatus(false, false, null, "none", null, null, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theStatusAfter(String name, RbacStatus actual, RbacStatus expected) {
        assertEquals(expected, actual);
    }
}
