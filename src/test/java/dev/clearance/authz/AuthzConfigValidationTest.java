package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** clearance.authz.* is validated at start-up with a sentence naming the property. */
class AuthzConfigValidationTest {

    record Namespace(String group, Map<String, String> grants) implements AuthzConfig.StaticNamespace {}

    record Static(Map<String, AuthzConfig.StaticNamespace> namespaces) implements AuthzConfig.StaticPolicy {}

    record Config(String groupPrefix, List<String> adminGroups, String clusterScopeGroup, String defaultRole,
            String namespaceSource, String groupLabel, String grantsAnnotation, AuthzConfig.StaticPolicy staticPolicy)
            implements AuthzConfig {

        static Config valid() {
            return new Config("oidc:", List.of("cluster-admins"), "cluster-scope", "deployer", "static", "clearance.dev/group",
                    "clearance.dev/grants", new Static(Map.of("team-a", new Namespace("team-a", Map.of("auditors", "viewer")))));
        }
    }

    record Case(String name, Config config, String property) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        Config v = Config.valid();
        return Stream.of(
                new Case("empty prefix", new Config(" ", v.adminGroups(), v.clusterScopeGroup(), v.defaultRole(), v.namespaceSource(),
                        v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()), "clearance.authz.group-prefix"),
                new Case("system: prefix", new Config("system:", v.adminGroups(), v.clusterScopeGroup(), v.defaultRole(),
                        v.namespaceSource(), v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()), "clearance.authz.group-prefix"),
                new Case("a prefix that spells system: with a group", new Config("sys", v.adminGroups(), v.clusterScopeGroup(),
                        v.defaultRole(), v.namespaceSource(), v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()),
                        "clearance.authz.group-prefix"),
                new Case("a prefix ending in a tab", new Config("oidc:\t", v.adminGroups(), v.clusterScopeGroup(),
                        v.defaultRole(), v.namespaceSource(), v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()),
                        "clearance.authz.group-prefix"),
                new Case("prefixed admin group", new Config("oidc:", List.of("oidc:cluster-admins"), v.clusterScopeGroup(),
                        v.defaultRole(), v.namespaceSource(), v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()),
                        "clearance.authz.admin-groups"),
                new Case("unknown default role", new Config("oidc:", v.adminGroups(), v.clusterScopeGroup(), "owner",
                        v.namespaceSource(), v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()), "clearance.authz.default-role"),
                new Case("unknown namespace source", new Config("oidc:", v.adminGroups(), v.clusterScopeGroup(), v.defaultRole(), "ldap",
                        v.groupLabel(), v.grantsAnnotation(), v.staticPolicy()), "clearance.authz.namespace-source"),
                new Case("unknown role in a static grant", new Config("oidc:", v.adminGroups(), v.clusterScopeGroup(), v.defaultRole(),
                        "static", v.groupLabel(), v.grantsAnnotation(),
                        new Static(Map.of("team-a", new Namespace("team-a", Map.of("auditors", "reader"))))),
                        "clearance.authz.static.namespaces.team-a.grants.auditors"),
                new Case("static namespace without a group", new Config("oidc:", v.adminGroups(), v.clusterScopeGroup(),
                        v.defaultRole(), "static", v.groupLabel(), v.grantsAnnotation(),
                        new Static(Map.of("team-a", new Namespace(" ", Map.of())))), "clearance.authz.static.namespaces.team-a.group"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalid")
    void rejectsInvalidConfiguration(Case c) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AuthzBeans.build(c.config(), () -> null));

        assertTrue(e.getMessage().startsWith(c.property()), e.getMessage());
    }

    @Test
    void buildsTheStaticPolicy() {
        AuthzDecision d = AuthzBeans.build(Config.valid(), () -> null).decide(new AccessRequest("oidc:user:a", List.of("oidc:auditors"),
                new AccessRequest.Resource("team-a", "list", "", "v1", "pods", "", ""), null));

        assertEquals(AuthzDecision.Allow.class, d.getClass());
    }
}
