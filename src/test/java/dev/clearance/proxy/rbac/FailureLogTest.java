package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.proxy.rbac.RbacMetrics.Phase;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures are counted by phase, become the status's last error, and make their subject count as failing until it works. */
class FailureLogTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> errors = new ArrayList<>();
    boolean stopping;
    final FailureLog log = new FailureLog(new RbacMetrics(registry), () -> stopping, errors::add);

    double failures(Phase phase) {
        return registry.get(RbacMetrics.FAILURES).tag("phase", phase.label).counter().count();
    }

    static Runnable throwing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("a plain exception: its class and message", new IllegalStateException("name taken"),
                        "namespace shop: IllegalStateException: name taken"),
                Arguments.of("an API answer: its HTTP status and the server's message", new KubernetesClientException(
                        new StatusBuilder().withCode(403).withMessage("rolebindings is forbidden").build()),
                        "namespace shop: HTTP 403: rolebindings is forbidden"),
                Arguments.of("a client failure without an answer: its class and message",
                        new KubernetesClientException("connection refused"),
                        "namespace shop: KubernetesClientException: connection refused"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void aFailureIsCountedAndBecomesTheLastError(String name, RuntimeException e, String message) {
        assertFalse(log.attempt(Phase.NAMESPACE, "namespace shop", throwing(e)));

        assertEquals(List.of(message), errors);
        assertEquals(1.0, failures(Phase.NAMESPACE));
        assertEquals(0.0, failures(Phase.CLUSTER));
        assertEquals(1, log.failing());
    }

    @Test
    void aSubjectCountsAsFailingOnceHoweverOftenUntilItWorksAgain() {
        log.attempt(Phase.NAMESPACE, "namespace a", throwing(new IllegalStateException("one")));
        log.attempt(Phase.NAMESPACE, "namespace a", throwing(new IllegalArgumentException("two")));
        log.failed(Phase.CLUSTER, "cluster", "will retry", new IllegalStateException("three"));
        assertEquals(2, log.failing());
        assertEquals(2.0, failures(Phase.NAMESPACE));

        assertTrue(log.attempt(Phase.NAMESPACE, "namespace a", () -> { }));

        assertEquals(1, log.failing(), "only cluster fails now");
        assertEquals(3, errors.size());
    }

    @Test
    void whileStoppingFailuresAreNotReported() {
        stopping = true;

        assertFalse(log.attempt(Phase.LIST, "list", throwing(new IllegalStateException("client closed"))));

        assertEquals(0.0, failures(Phase.LIST));
        assertEquals(List.of(), errors);
        assertEquals(0, log.failing());
    }
}
