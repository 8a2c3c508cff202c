package dev.clearance.policy;

import java.util.Map;
import java.util.Optional;

/** Group namespaces from configuration ({@code clearance.authz.static.*}); always synced. */
public final class StaticNamespaceDirectory implements NamespaceDirectory {

    private final Map<String, NamespacePolicy> namespaces;

    public StaticNamespaceDirectory(Map<String, NamespacePolicy> namespaces) {
        this.namespaces = Map.copyOf(namespaces);
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public Optional<NamespacePolicy> find(String namespace) {
        return Optional.ofNullable(namespaces.get(namespace));
    }
}
