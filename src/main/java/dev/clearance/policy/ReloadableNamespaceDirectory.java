package dev.clearance.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The static policy when it comes from a file that is reloaded: every lookup goes to the policy in use, and a
 * reload replaces that policy whole, by one volatile write of an immutable directory. A decision makes one lookup,
 * so it sees the old policy or the new one, never a namespace from each; the directory is always synced.
 */
public final class ReloadableNamespaceDirectory implements NamespaceDirectory {

    private volatile StaticNamespaceDirectory current;

    public ReloadableNamespaceDirectory(StaticNamespaceDirectory initial) {
        this.current = Objects.requireNonNull(initial);
    }

    /** Makes {@code next} the policy of every lookup from now on. */
    public void replace(StaticNamespaceDirectory next) {
        current = Objects.requireNonNull(next);
    }

    /** The policy in use, for a caller that must make several lookups in one policy. */
    public StaticNamespaceDirectory current() {
        return current;
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public Optional<NamespacePolicy> find(String namespace) {
        return current.find(namespace);
    }
}
