package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The authorizer: {@code clearance.authz.*}. Validated at start-up by {@code authz.AuthzBeans}. */
@ConfigMapping(prefix = "clearance.authz")
public interface AuthzConfig {

    /** The prefix the authenticator puts on users and groups; identities without it are left to RBAC. */
    @WithDefault("oidc:")
    String groupPrefix();

    /** Groups (unprefixed) whose members may do anything, cluster-wide. */
    @WithDefault("cluster-admins")
    List<String> adminGroups();

    /** Group (unprefixed) whose members may get, list and watch namespaces. */
    @WithDefault("cluster-scope")
    String clusterScopeGroup();

    /** The role members of a namespace's owning group get: {@code viewer}, {@code deployer} or {@code admin}. */
    @WithDefault("deployer")
    String defaultRole();

    /**
     * {@code kubernetes} (an informer on labelled namespaces) or {@code static} (the {@code static.*} block, or
     * {@link #staticFile()}).
     */
    @WithDefault("kubernetes")
    String namespaceSource();

    /** The namespace label naming the owning group. */
    @WithDefault("clearance.dev/group")
    String groupLabel();

    /** The namespace annotation with further grants: {@code "team-a-leads=admin,auditors=viewer"}. */
    @WithDefault("clearance.dev/grants")
    String grantsAnnotation();

    /**
     * {@code clearance.authz.static-file}: the static policy from a Java properties file (UTF-8) instead of the
     * inline {@code static.*} block, so that a mounted ConfigMap can be edited without a restart. Its keys are
     * exactly the inline ones, {@code clearance.authz.static.namespaces.<ns>.group} and
     * {@code clearance.authz.static.namespaces.<ns>.grants.<group>}, checked by the same rules. Requires
     * {@code namespace-source=static} and no inline {@code static.namespaces.*} (one source of truth). A missing or
     * invalid file fails start-up; afterwards a change is applied within {@link #staticFilePollInterval()}, and a
     * change that does not validate is refused with a WARN while the last good policy stays in use. Unset: the
     * inline block is the policy.
     */
    Optional<Path> staticFile();

    /**
     * {@code clearance.authz.static-file-poll-interval}: how often {@link #staticFile()} is read again and compared
     * by content (which is what sees kubelet's symlink swap of a ConfigMap); positive.
     */
    @WithDefault("10s")
    Duration staticFilePollInterval();

    /** Group namespaces from configuration, for {@code namespace-source=static} without {@link #staticFile()}. */
    @WithName("static")
    StaticPolicy staticPolicy();

    interface StaticPolicy {
        /** {@code clearance.authz.static.namespaces.<ns>.*}. */
        Map<String, StaticNamespace> namespaces();
    }

    interface StaticNamespace {
        /** The owning group, unprefixed. */
        String group();

        /** {@code grants.<group>=<role>}. */
        Map<String, String> grants();
    }
}
