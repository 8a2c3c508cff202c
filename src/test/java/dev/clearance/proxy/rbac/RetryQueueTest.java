package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When each namespace is worked on, on a clock the test moves: no sleeps, no threads. */
class RetryQueueTest {

    /** A queue on a hand-driven clock whose work fails for the namespaces in {@link #failing}, and says when it ran. */
    static final class Fixture {
        final ManualScheduler clock = new ManualScheduler();
        final Set<String> failing = new HashSet<>();
        final List<String> worked = new ArrayList<>();
        final RetryQueue queue = new RetryQueue(clock, clock, namespace -> {
            worked.add(namespace + "@" + seconds(clock.elapsed()));
            return !failing.contains(namespace);
        });
    }

    static String seconds(Duration time) {
        return BigDecimal.valueOf(time.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    /** One step of a case, in the order given. */
    interface Step extends Consumer<Fixture> {
    }

    static Step at(double seconds) {
        return f -> f.clock.advanceTo(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    static Step event(String namespace) {
        return f -> f.queue.enqueue(namespace);
    }

    static Step retry(String namespace) {
        return f -> f.queue.retry(namespace);
    }

    static Step failing(String namespace) {
        return f -> f.failing.add(namespace);
    }

    static Step healed(String namespace) {
        return f -> f.failing.remove(namespace);
    }

    static Step clear() {
        return f -> f.queue.clear();
    }

    static Step stop() {
        return f -> f.queue.stop();
    }

    static Arguments c(String name, List<Step> steps, String... worked) {
        return Arguments.of(name, steps, List.of(worked));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("an event is worked on at once", List.of(event("a"), at(0)), "a@0s"),
                c("an event only queues: the work runs on the scheduler", List.of(event("a"))),
                c("events for a queued namespace are worked on once", List.of(event("a"), event("b"), event("a"), at(0)),
                        "a@0s", "b@0s"),
                c("a namespace that keeps failing is retried after 1, 2, 4 ... s, then every minute",
                        List.of(failing("a"), event("a"), at(250)),
                        "a@0s", "a@1s", "a@3s", "a@7s", "a@15s", "a@31s", "a@63s", "a@123s", "a@183s", "a@243s"),
                c("a success starts the backoff over", List.of(failing("a"), event("a"), at(2), healed("a"), at(3), at(10),
                        failing("a"), event("a"), at(12)),
                        "a@0s", "a@1s", "a@3s", "a@10s", "a@11s"),
                c("an event during a backoff makes the namespace due at once", List.of(failing("a"), event("a"), at(1.5),
                        event("a"), at(2), healed("a"), at(100)),
                        "a@0s", "a@1s", "a@1.5s", "a@5.5s"),
                c("a retry does not postpone a namespace an event made due", List.of(event("a"), retry("a"), at(0)), "a@0s"),
                c("namespaces back off each on its own", List.of(failing("a"), failing("b"), event("a"), at(0.5), event("b"),
                        at(4)),
                        "a@0s", "b@0.5s", "a@1s", "b@1.5s", "a@3s", "b@3.5s"),
                c("clear forgets what is queued but not the backoff", List.of(failing("a"), event("a"), at(0), clear(),
                        at(5), event("a"), at(8)),
                        "a@0s", "a@5s", "a@7s"),
                c("after stop nothing is worked on and events are ignored", List.of(event("a"), stop(), at(1), event("b"),
                        retry("c"), at(100))),
                c("stop during a backoff cancels the retry", List.of(failing("a"), event("a"), at(0.5), stop(), at(100)),
                        "a@0s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namespacesAreWorkedOnAtTheseTimes(String name, List<Step> steps, List<String> worked) {
        Fixture fixture = new Fixture();

        steps.forEach(step -> step.accept(fixture));

        assertEquals(worked, fixture.worked);
    }

    static Stream<Arguments> backoffs() {
        return Stream.of(
                Arguments.of(1, Duration.ofSeconds(1)),
                Arguments.of(2, Duration.ofSeconds(2)),
                Arguments.of(3, Duration.ofSeconds(4)),
                Arguments.of(6, Duration.ofSeconds(32)),
                Arguments.of(7, Duration.ofMinutes(1)),
                Arguments.of(17, Duration.ofMinutes(1)),
                Arguments.of(18, Duration.ofMinutes(1)),
                Arguments.of(Integer.MAX_VALUE, Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "after {0} failures in a row: {1}")
    @MethodSource("backoffs")
    void theBackoffDoublesFromOneSecondToAMinute(int failures, Duration wait) {
        assertEquals(wait, RetryQueue.backoff(failures));
    }
}
