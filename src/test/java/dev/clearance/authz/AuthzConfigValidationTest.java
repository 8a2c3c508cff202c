package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.AccessRequest;
import dev.clearance.policy.AuthzDecision;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.PolicySettings;
import dev.clearance.policy.StaticNamespaceDirectory;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** clearance.authz.* is validated at start-up with a sentence naming the property. */
class AuthzConfigValidationTest {

    record Namespace(String group, Map<String, String> grants) implements AuthzConfig.StaticNamespace {}

    record Static(Map<String, AuthzConfig.StaticNamespace> namespaces) implements AuthzConfig.StaticPolicy {}

    record Config(String groupPrefix, List<String> adminGroups, String clusterScopeGroup, String defaultRole,
            String namespaceSource, String groupLabel, String grantsAnnotation, AuthzConfig.StaticPolicy staticPolicy,
            Optional<Path> staticFile, Duration staticFilePollInterval) implements AuthzConfig {

        Config(String groupPrefix, List<String> adminGroups, String clusterScopeGroup, String defaultRole,
                String namespaceSource, String groupLabel, String grantsAnnotation, AuthzConfig.StaticPolicy staticPolicy) {
            this(groupPrefix, adminGroups, clusterScopeGroup, defaultRole, namespaceSource, groupLabel, grantsAnnotation, staticPolicy,
                    Optional.empty(), Duration.ofSeconds(10));
        }

        static Config valid() {
            return new Config("oidc:", List.of("cluster-admins"), "cluster-scope", "deployer", "static", "clearance.dev/group",
                    "clearance.dev/grants", new Static(Map.of("team-a", new Namespace("team-a", Map.of("auditors", "viewer")))));
        }

        /** The valid configuration with the policy from a file instead of inline. */
        static Config fromFile(String namespaceSource, Map<String, AuthzConfig.StaticNamespace> inline, Duration interval) {
            Config v = valid();
            return new Config(v.groupPrefix(), v.adminGroups(), v.clusterScopeGroup(), v.defaultRole(), namespaceSource,
                    v.groupLabel(), v.grantsAnnotation(), new Static(inline), Optional.of(Path.of("/etc/clearance/policy.properties")),
                    interval);
        }
    }

    /** A file source that must not be reached: validation fails first. */
    static NamespaceDirectory noFile(Path path, Duration interval) {
        throw new AssertionError("the file was read although the configuration is invalid");
    }

    /** As the beans wire it at start-up: the policy settings first, then the rest of the policy. */
    static AccessPolicy build(AuthzConfig config, Supplier<? extends NamespaceDirectory> kubernetes,
            BiFunction<Path, Duration, ? extends NamespaceDirectory> file) {
        return AuthzBeans.build(config, PolicySettings.from(config), kubernetes, file);
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
                        new Static(Map.of("team-a", new Namespace(" ", Map.of())))), "clearance.authz.static.namespaces.team-a.group"),
                new Case("an inline namespace that is not a DNS-1123 label", new Config("oidc:", v.adminGroups(),
                        v.clusterScopeGroup(), v.defaultRole(), "static", v.groupLabel(), v.grantsAnnotation(),
                        new Static(Map.of("Team_A", new Namespace("team-a", Map.of())))),
                        "clearance.authz.static.namespaces.Team_A.group"),
                new Case("a static file with the kubernetes namespace source", Config.fromFile("kubernetes", Map.of(),
                        Duration.ofSeconds(10)), "clearance.authz.static-file"),
                new Case("a static file beside inline namespaces", Config.fromFile("static", v.staticPolicy().namespaces(),
                        Duration.ofSeconds(10)), "clearance.authz.static-file"),
                new Case("a zero poll interval", Config.fromFile("static", Map.of(), Duration.ZERO),
                        "clearance.authz.static-file-poll-interval"),
                new Case("a negative poll interval", Config.fromFile("static", Map.of(), Duration.ofSeconds(-1)),
                        "clearance.authz.static-file-poll-interval"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalid")
    void rejectsInvalidConfiguration(Case c) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> build(c.config(), () -> null,
                AuthzConfigValidationTest::noFile));

        assertTrue(e.getMessage().startsWith(c.property()), e.getMessage());
    }

    @Test
    void buildsTheStaticPolicy() {
        AuthzDecision d = build(Config.valid(), () -> null, AuthzConfigValidationTest::noFile).decide(new AccessRequest("oidc:user:a", List.of("oidc:auditors"),
                new AccessRequest.Resource("team-a", "list", "", "v1", "pods", "", ""), null));

        assertEquals(AuthzDecision.Allow.class, d.getClass());
    }

    @Test
    void takesTheStaticPolicyFromTheFileWithItsPollInterval() {
        NamespaceDirectory fromFile = new StaticNamespaceDirectory(Map.of("team-c",
                new NamespacePolicy("team-c", "team-c", Map.of())));
        List<String> asked = new java.util.ArrayList<>();

        AccessPolicy policy = build(Config.fromFile("static", Map.of(), Duration.ofMillis(200)), () -> null,
                (path, interval) -> {
                    asked.add(path + " every " + interval.toMillis() + "ms");
                    return fromFile;
                });

        assertEquals(List.of("/etc/clearance/policy.properties every 200ms"), asked);
        assertSame(fromFile, policy.directory());
    }
}
