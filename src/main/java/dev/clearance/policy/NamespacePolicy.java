package dev.clearance.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A group namespace: the group that owns it (members get the default role) and further per-group grants, all
 * without the prefix ({@code team-a}, not {@code oidc:team-a}).
 */
public record NamespacePolicy(String namespace, String owningGroup, Map<String, Role> grants) {

    public NamespacePolicy {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(owningGroup, "owningGroup");
        grants = Map.copyOf(grants);
    }
}
