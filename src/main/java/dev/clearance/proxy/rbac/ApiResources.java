package dev.clearance.proxy.rbac;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the ClusterRoles are derived from: the namespaced core resources ({@code pods}, {@code pods/exec}, ...) and
 * the names of the other API groups, as discovery reported them or from {@link #FALLBACK}.
 *
 * @param source {@code discovery} or {@code fallback}, for health data and logs
 */
public record ApiResources(SortedSet<String> coreNamespaced, SortedSet<String> groups, String source) {

    public ApiResources {
        coreNamespaced = Collections.unmodifiableSortedSet(new TreeSet<>(coreNamespaced));
        SortedSet<String> named = new TreeSet<>(groups);
        named.remove("");
        groups = Collections.unmodifiableSortedSet(named);
    }

    public static ApiResources of(Collection<String> coreNamespaced, Collection<String> groups, String source) {
        return new ApiResources(new TreeSet<>(coreNamespaced), new TreeSet<>(groups), source);
    }

    /**
     * Used until discovery has answered once: the namespaced core resources and the built-in API groups of a
     * Kubernetes 1.33 API server. Custom resources are missing from it, so their groups are granted only once
     * discovery works (it is retried at every resync).
     */
    public static final ApiResources FALLBACK = of(List.of(
            "bindings", "configmaps", "endpoints", "events", "limitranges",
            "persistentvolumeclaims", "persistentvolumeclaims/status",
            "pods", "pods/attach", "pods/binding", "pods/ephemeralcontainers", "pods/eviction", "pods/exec", "pods/log",
            "pods/portforward", "pods/proxy", "pods/resize", "pods/status",
            "podtemplates", "replicationcontrollers", "replicationcontrollers/scale", "replicationcontrollers/status",
            "resourcequotas", "resourcequotas/status", "secrets", "serviceaccounts", "serviceaccounts/token",
            "services", "services/proxy", "services/status"),
            List.of("apps", "authorization.k8s.io", "autoscaling", "batch", "coordination.k8s.io", "discovery.k8s.io",
                    "events.k8s.io", "metrics.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
                    "resource.k8s.io", "storage.k8s.io"),
            "fallback");
}
