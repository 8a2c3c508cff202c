package dev.clearance.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.Role;
import dev.clearance.policy.StaticNamespaceDirectory;
import dev.clearance.token.IssuerSettings;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Validates {@code clearance.authz.*} and wires the policy from it. */
class AuthzBeans {

    @Produces
    @Singleton
    AccessPolicy accessPolicy(AuthzConfig config, Instance<KubernetesNamespaceDirectory> kubernetes) {
        return build(config, kubernetes::get);
    }

    /** Validates the configuration, naming the property at fault, and builds the policy. */
    static AccessPolicy build(AuthzConfig config, Supplier<? extends NamespaceDirectory> kubernetes) {
        IssuerSettings.checkPrefix("clearance.authz.group-prefix", config.groupPrefix());
        Set<String> admins = new LinkedHashSet<>();
        for (String group : config.adminGroups()) {
            if (group.isBlank() || group.startsWith(config.groupPrefix())) {
                throw fail("clearance.authz.admin-groups", "lists groups without the prefix, e.g. cluster-admins");
            }
            admins.add(group.trim());
        }
        Role defaultRole = role("clearance.authz.default-role", config.defaultRole());
        NamespaceDirectory directory = switch (config.namespaceSource()) {
            case "static" -> staticDirectory(config);
            case "kubernetes" -> kubernetes.get();
            default -> throw fail("clearance.authz.namespace-source", "must be kubernetes or static, was " + config.namespaceSource());
        };
        return new AccessPolicy(new AccessPolicy.Settings(config.groupPrefix(), admins, config.clusterScopeGroup(), defaultRole),
                directory);
    }

    @Produces
    @Singleton
    SubjectAccessReviewCodec codec(ObjectMapper mapper) {
        return new SubjectAccessReviewCodec(new ReviewJson(mapper));
    }

    private static NamespaceDirectory staticDirectory(AuthzConfig config) {
        Map<String, NamespacePolicy> namespaces = new HashMap<>();
        config.staticPolicy().namespaces().forEach((ns, block) -> {
            String p = "clearance.authz.static.namespaces." + ns + ".";
            if (block.group().isBlank()) {
                throw fail(p + "group", "must name the owning group");
            }
            Map<String, Role> grants = new HashMap<>();
            block.grants().forEach((group, role) -> grants.put(group, role(p + "grants." + group, role)));
            namespaces.put(ns, new NamespacePolicy(ns, block.group().trim(), grants));
        });
        return new StaticNamespaceDirectory(namespaces);
    }

    private static Role role(String property, String value) {
        return Role.byLabel(value.trim()).orElseThrow(() -> fail(property, "must be viewer, deployer or admin, was " + value));
    }

    private static ConfigurationException fail(String property, String problem) {
        return new ConfigurationException(property + " " + problem, Set.of(property));
    }
}
