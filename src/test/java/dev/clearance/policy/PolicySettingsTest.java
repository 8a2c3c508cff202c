package dev.clearance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clearance.config.AuthzConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy settings are validated once, with a sentence naming the property, and come out trimmed. */
class PolicySettingsTest {

    /** Only the four properties the settings read; the rest are other validators' business. */
    record Config(String groupPrefix, List<String> adminGroups, String clusterScopeGroup, String defaultRole)
            implements AuthzConfig {

        static Config valid() {
            return new Config("oidc:", List.of("cluster-admins"), "cluster-scope", "deployer");
        }

        Config withPrefix(String prefix) {
            return new Config(prefix, adminGroups, clusterScopeGroup, defaultRole);
        }

        Config withAdmins(String... groups) {
            return new Config(groupPrefix, List.of(groups), clusterScopeGroup, defaultRole);
        }

        Config withClusterScope(String group) {
            return new Config(groupPrefix, adminGroups, group, defaultRole);
        }

        Config withDefaultRole(String role) {
            return new Config(groupPrefix, adminGroups, clusterScopeGroup, role);
        }

        @Override
        public String namespaceSource() {
            return "static";
        }

        @Override
        public String groupLabel() {
            return "clearance.dev/group";
        }

        @Override
        public String grantsAnnotation() {
            return "clearance.dev/grants";
        }

        @Override
        public Optional<Path> staticFile() {
            return Optional.empty();
        }

        @Override
        public Duration staticFilePollInterval() {
            return Duration.ofSeconds(10);
        }

        @Override
        public AuthzConfig.StaticPolicy staticPolicy() {
            return Map::of;
        }
    }

    /** A configuration refused, the property it names and the whole sentence. */
    record Invalid(String name, Config config, String property, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalid() {
        Config v = Config.valid();
        return Stream.of(
                new Invalid("an empty prefix", v.withPrefix(" "), "clearance.authz.group-prefix",
                        "clearance.authz.group-prefix must not be empty: unprefixed names could impersonate Kubernetes' own "
                                + "users and groups"),
                new Invalid("the system: prefix", v.withPrefix("system:"), "clearance.authz.group-prefix",
                        "clearance.authz.group-prefix must not start with system:, which is reserved for Kubernetes"),
                new Invalid("a prefix that is a beginning of system:", v.withPrefix("sys"), "clearance.authz.group-prefix",
                        "clearance.authz.group-prefix must not be a beginning of system: (sys followed by a claim such as "
                                + "tem:masters would name system:masters, reserved for Kubernetes)"),
                new Invalid("an admin group given with the prefix", v.withAdmins("ops", "oidc:cluster-admins"),
                        "clearance.authz.admin-groups",
                        "clearance.authz.admin-groups lists groups without the prefix, e.g. cluster-admins"),
                new Invalid("a blank admin group", v.withAdmins("ops", " "), "clearance.authz.admin-groups",
                        "clearance.authz.admin-groups lists groups without the prefix, e.g. cluster-admins"),
                new Invalid("a default role that is no role", v.withDefaultRole("owner"), "clearance.authz.default-role",
                        "clearance.authz.default-role must be viewer, deployer or admin, was owner"),
                new Invalid("a default role in capitals", v.withDefaultRole("Admin"), "clearance.authz.default-role",
                        "clearance.authz.default-role must be viewer, deployer or admin, was Admin"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalid")
    void rejectsInvalidSettingsNamingTheProperty(Invalid c) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PolicySettings.from(c.config()));

        assertEquals(c.message(), e.getMessage());
        assertEquals(Set.of(c.property()), e.getConfigKeys());
    }

    /** A configuration accepted and the settings it makes. */
    record Valid(String name, Config config, PolicySettings expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        Config v = Config.valid();
        return Stream.of(
                new Valid("the defaults", v, new PolicySettings("oidc:", Set.of("cluster-admins"), "cluster-scope", Role.DEPLOYER)),
                new Valid("admin groups trimmed", v.withAdmins(" ops ", "root"),
                        new PolicySettings("oidc:", Set.of("ops", "root"), "cluster-scope", Role.DEPLOYER)),
                new Valid("no admin groups", v.withAdmins(),
                        new PolicySettings("oidc:", Set.of(), "cluster-scope", Role.DEPLOYER)),
                new Valid("the cluster-scope group trimmed", v.withClusterScope(" everyone "),
                        new PolicySettings("oidc:", Set.of("cluster-admins"), "everyone", Role.DEPLOYER)),
                new Valid("a blank cluster-scope group is none", v.withClusterScope(" "),
                        new PolicySettings("oidc:", Set.of("cluster-admins"), "", Role.DEPLOYER)),
                new Valid("the default role trimmed", v.withDefaultRole(" viewer "),
                        new PolicySettings("oidc:", Set.of("cluster-admins"), "cluster-scope", Role.VIEWER)),
                new Valid("another prefix", v.withPrefix("corp:").withAdmins("root"),
                        new PolicySettings("corp:", Set.of("root"), "cluster-scope", Role.DEPLOYER)));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("valid")
    void acceptsValidSettings(Valid c) {
        assertEquals(c.expected(), PolicySettings.from(c.config()));
    }

    @Test
    void theAdminGroupsAreCopiedNotShared() {
        Set<String> admins = new HashSet<>(Set.of("ops"));
        PolicySettings settings = new PolicySettings("oidc:", admins, "cluster-scope", Role.DEPLOYER);
        admins.add("intruders");

        assertEquals(Set.of("ops"), settings.adminGroups());
        assertThrows(UnsupportedOperationException.class, () -> settings.adminGroups().add("intruders"));
    }

    @Test
    void aBlankClusterScopeGroupGrantsNoNamespaceReadToAGroupNamedOnlyByThePrefix() {
        AccessPolicy policy = new AccessPolicy(new PolicySettings("oidc:", Set.of(), " ", Role.DEPLOYER),
                new StaticNamespaceDirectory(Map.of()));

        AuthzDecision decision = policy.decide(new AccessRequest("oidc:user:alice", List.of("oidc:"),
                new AccessRequest.Resource("", "list", "", "v1", "namespaces", "", ""), null));

        assertEquals(AuthzDecision.NoOpinion.class, decision.getClass(), decision.toString());
    }
}
