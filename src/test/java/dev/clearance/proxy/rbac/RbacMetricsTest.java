package dev.clearance.proxy.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.proxy.rbac.RbacMetrics.Action;
import dev.clearance.proxy.rbac.RbacMetrics.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The counters' names and labels are a contract with README and dashboards: spelt once, here, and checked. */
class RbacMetricsTest {

    static Map<String, Double> counts(SimpleMeterRegistry registry, String name, String tag) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            counts.put(counter.getId().getTag(tag), counter.count());
        }
        return counts;
    }

    @Test
    void theLabelsAreTheDocumentedOnes() {
        assertEquals(List.of("create", "update", "delete"), Arrays.stream(Action.values()).map(a -> a.label).toList());
        assertEquals(List.of("discovery", "cluster", "list", "namespace"), Arrays.stream(Phase.values()).map(p -> p.label).toList());
        assertEquals("clearance.proxy.rbac.changes", RbacMetrics.CHANGES);
        assertEquals("clearance.proxy.rbac.failures", RbacMetrics.FAILURES);
    }

    @Test
    void everyLabelIsRegisteredAtZeroAndCountsOnlyItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RbacMetrics metrics = new RbacMetrics(registry);
        assertEquals(Map.of("create", 0.0, "update", 0.0, "delete", 0.0), counts(registry, RbacMetrics.CHANGES, "action"));
        assertEquals(Map.of("discovery", 0.0, "cluster", 0.0, "list", 0.0, "namespace", 0.0),
                counts(registry, RbacMetrics.FAILURES, "phase"));

        metrics.changed(Action.UPDATE);
        metrics.changed(Action.UPDATE);
        metrics.failed(Phase.LIST);

        assertEquals(Map.of("create", 0.0, "update", 2.0, "delete", 0.0), counts(registry, RbacMetrics.CHANGES, "action"));
        assertEquals(Map.of("discovery", 0.0, "cluster", 0.0, "list", 1.0, "namespace", 0.0),
                counts(registry, RbacMetrics.FAILURES, "phase"));
    }
}
