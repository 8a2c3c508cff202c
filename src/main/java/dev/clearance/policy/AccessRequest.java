package dev.clearance.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a SubjectAccessReview asks, free of wire types: who (as the API server knows them, prefixes included)
 * and either a resource or a non-resource request. Empty strings stand for absent attributes.
 */
public record AccessRequest(String user, List<String> groups, Resource resource, NonResource nonResource) {

    public AccessRequest {
        Objects.requireNonNull(user, "user");
        groups = List.copyOf(groups);
        if ((resource == null) == (nonResource == null)) {
            throw new IllegalArgumentException("exactly one of resource and nonResource");
        }
    }

    /** {@code namespace} is empty for cluster-scoped resources and for requests across all namespaces. */
    public record Resource(String namespace, String verb, String group, String version, String resource, String subresource,
            String name) {
        public Resource {
            namespace = nullToEmpty(namespace);
            verb = nullToEmpty(verb);
            group = nullToEmpty(group);
            version = nullToEmpty(version);
            resource = nullToEmpty(resource);
            subresource = nullToEmpty(subresource);
            name = nullToEmpty(name);
        }
    }

    public record NonResource(String path, String verb) {
        public NonResource {
            path = nullToEmpty(path);
            verb = nullToEmpty(verb);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
