package dev.clearance.policy;

import dev.clearance.common.ConfigProblem;
import dev.clearance.config.AuthzConfig;
import dev.clearance.token.IssuerSettings;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of {@code clearance.authz.*} that says who is who: the prefix platform identities carry, the admin groups,
 * the cluster-scope group and the role an owning group gets. One record, validated once by {@link #from}, read by the
 * webhook's {@link AccessPolicy} and by the proxy's RBAC plan, so the two cannot disagree about the same settings.
 *
 * @param groupPrefix the prefix the authenticator puts on users and groups ({@code oidc:})
 * @param adminGroups unprefixed, trimmed
 * @param clusterScopeGroup unprefixed, trimmed; empty for none
 * @param defaultRole the role of a namespace's owning group
 */
public record PolicySettings(String groupPrefix, Set<String> adminGroups, String clusterScopeGroup, Role defaultRole) {

    public PolicySettings {
        Objects.requireNonNull(groupPrefix, "groupPrefix");
        Objects.requireNonNull(defaultRole, "defaultRole");
        adminGroups = Set.copyOf(adminGroups);
        clusterScopeGroup = clusterScopeGroup == null ? "" : clusterScopeGroup.trim();
    }

    /**
     * Validates the settings, naming the property at fault.
     *
     * @throws ConfigurationException for a prefix that could reach Kubernetes' {@code system:} names, an admin group
     *     given with the prefix (or blank), or a default role that is not viewer, deployer or admin
     */
    public static PolicySettings from(AuthzConfig config) {
        IssuerSettings.checkPrefix("clearance.authz.group-prefix", config.groupPrefix());
        Set<String> admins = new TreeSet<>();
        for (String group : config.adminGroups()) {
            if (group.isBlank() || group.startsWith(config.groupPrefix())) {
                throw fail("clearance.authz.admin-groups", "lists groups without the prefix, e.g. cluster-admins");
            }
            admins.add(group.trim());
        }
        Role defaultRole = Role.byLabel(config.defaultRole().trim()).orElseThrow(() -> fail("clearance.authz.default-role",
                "must be viewer, deployer or admin, was " + config.defaultRole()));
        return new PolicySettings(config.groupPrefix(), admins, config.clusterScopeGroup(), defaultRole);
    }

    private static ConfigurationException fail(String property, String problem) {
        return ConfigProblem.at(property, problem);
    }
}
