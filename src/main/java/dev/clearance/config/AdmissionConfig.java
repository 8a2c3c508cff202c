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
