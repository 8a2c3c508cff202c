package dev.clearance.proxy.rbac;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code /api/v1} and {@code /apis} into {@link ApiResources}. */
final class ApiDiscovery {

    private ApiDiscovery() {
    }

    /** @throws IllegalStateException or a client exception when the API server does not answer both */
    static ApiResources discover(KubernetesClient client) {
        APIResourceList core = client.getApiResources("v1");
        APIGroupList groups = client.getApiGroups();
        if (core == null || groups == null) {
            throw new IllegalStateException("the API server did not serve " + (core == null ? "/api/v1" : "/apis"));
        }
        return from(core, groups);
    }

    static ApiResources from(APIResourceList core, APIGroupList groups) {
        List<String> namespaced = new ArrayList<>();
        for (APIResource resource : core.getResources() == null ? List.<APIResource>of() : core.getResources()) {
            if (Boolean.TRUE.equals(resource.getNamespaced()) && resource.getName() != null) {
                namespaced.add(resource.getName());
            }
        }
        List<String> names = new ArrayList<>();
        for (APIGroup group : groups.getGroups() == null ? List.<APIGroup>of() : groups.getGroups()) {
            if (group.getName() != null) {
                names.add(group.getName());
            }
        }
        // Every real API server has both (rbac.authorization.k8s.io at least); an empty answer is not discovery.
        if (namespaced.isEmpty() || names.isEmpty()) {
            throw new IllegalStateException(namespaced.isEmpty() ? "/api/v1 listed no namespaced resources"
                    : "/apis listed no API groups");
        }
        return ApiResources.of(namespaced, names, "discovery");
    }
}
