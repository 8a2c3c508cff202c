package dev.clearance.policy;

import java.util.Optional;

/** Which namespaces are group namespaces, from Kubernetes (an informer) or from static configuration. */
public interface NamespaceDirectory {

    /** False until the directory has a complete view; the authorizer has no opinion until then. */
    boolean synced();

    /** The policy of a group namespace; empty for any other namespace, and for {@code null} (no namespace). */
    Optional<NamespacePolicy> find(String namespace);
}
