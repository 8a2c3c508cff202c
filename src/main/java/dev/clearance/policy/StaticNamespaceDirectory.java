package dev.clearance.policy;

import java.util.Map;
import java.util.Optional;

/**
 * Group namespaces from configuration ({@code clearance.authz.static.*} or {@code clearance.authz.static-file});
 * immutable and always synced. A reloaded file replaces the whole directory ({@link ReloadableNamespaceDirectory}).
 */
public final class StaticNamespaceDirectory implements NamespaceDirectory {

    private final Map<String, NamespacePolicy> namespaces;

    public StaticNamespaceDirectory(Map<String, NamespacePolicy> namespaces) {
        this.namespaces = Map.copyOf(namespaces);
    }

    /** How many group namespaces there are, for log lines. */
    public int size() {
        return namespaces.size();
    }

    @Override
    public boolean synced() {
        return true;
    }

    /**
     * Empty for no namespace: an immutable map throws on {@code get(null)}, and a review without a namespace (an
     * AdmissionReview for a RoleBinding, say) must get a decision, not an HTTP 500.
     */
    @Override
    public Optional<NamespacePolicy> find(String namespace) {
        return namespace == null ? Optional.empty() : Optional.ofNullable(namespaces.get(namespace));
    }
}
