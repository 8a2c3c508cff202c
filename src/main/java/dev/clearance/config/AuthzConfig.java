package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;

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

    /** {@code kubernetes} (an informer on labelled namespaces) or {@code static} (the {@code static.*} block). */
    @WithDefault("kubernetes")
    String namespaceSource();

    /** The namespace label naming the owning group. */
    @WithDefault("clearance.dev/group")
    String groupLabel();

    /** The namespace annotation with further grants: {@code "team-a-leads=admin,auditors=viewer"}. */
    @WithDefault("clearance.dev/grants")
    String grantsAnnotation();

    /** Group namespaces from configuration, for {@code namespace-source=static}. */
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
