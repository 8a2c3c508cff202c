package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The validating admission webhook: {@code clearance.admission.*}. */
@ConfigMapping(prefix = "clearance.admission")
public interface AdmissionConfig {

    /** Identities that may change group ownership and bind anyone (the platform's provisioner service account). */
    Optional<List<String>> trustedUsers();

    /**
     * Namespaces that are never group namespaces: a group label or grants annotation on them (set at creation, added,
     * changed or kept by an update) is refused for everyone, admins and trusted users included. clearance's own
     * namespace holds its TLS key and the system namespaces hold the cluster's controllers, so owning one would hand
     * a group the webhook or the control plane. List the namespace clearance runs in if it is not {@code clearance}.
     * Each entry is a namespace name (a DNS label), checked at start-up.
     */
    @WithDefault("clearance,kube-system,kube-public,kube-node-lease")
    List<String> protectedNamespaces();

    Rules rules();

    /** Each rule is {@code enforce} (refuse), {@code warn} (admit with a warning) or {@code off}. */
    interface Rules {
        @WithDefault("enforce")
        String namespaceOwnership();

        @WithDefault("warn")
        String bindingSubjects();

        @WithDefault("enforce")
        String prefixSpoofing();
    }
}
