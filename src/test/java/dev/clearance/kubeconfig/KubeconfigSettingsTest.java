package dev.clearance.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.KubeconfigConfig;
import dev.clearance.config.ProxyConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** clearance.kubeconfig.* through the real config mapping: what is refused at start-up, what answers 404, the defaults. */
class KubeconfigSettingsTest {

    static final String SERVER = "clearance.kubeconfig.server";
    static final String CLI = "clearance.kubeconfig.cli.command";

    static KubeconfigSettings.Availability resolve(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(KubeconfigConfig.class).withMapping(DevIssuerConfig.class)
                .withMapping(ProxyConfig.class).withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return KubeconfigSettings.resolve(config.getConfigMapping(KubeconfigConfig.class),
                config.getConfigMapping(DevIssuerConfig.class), config.getConfigMapping(ProxyConfig.class));
    }

    static Map<String, String> with(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static KubeconfigSpec spec(Map<String, String> properties) {
        return assertInstanceOf(KubeconfigSettings.Availability.Available.class, resolve(properties)).spec();
    }

    record Bad(String name, Map<String, String> properties, String property) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> misconfigurations() {
        return Stream.of(
                new Bad("an http server without development mode", with(SERVER, "http://k8s.example.com", CLI, "pw"), SERVER),
                new Bad("a server that is no URL", with(SERVER, "https://k8s example", CLI, "pw"), SERVER),
                new Bad("a server with user info", with(SERVER, "https://me:pw@k8s.example.com", CLI, "pw"), SERVER),
                new Bad("a server with a query", with(SERVER, "https://k8s.example.com?x=1", CLI, "pw"), SERVER),
                new Bad("a server of another scheme", with(SERVER, "ftp://k8s.example.com", CLI, "pw"), SERVER),
                new Bad("a server URL over 2048 characters", with(SERVER, "https://k8s.example.com/" + "a".repeat(2048), CLI, "pw"),
                        SERVER),
                new Bad("a blank cluster name", with(SERVER, "https://k", CLI, "pw", "clearance.kubeconfig.cluster-name", " "),
                        "clearance.kubeconfig.cluster-name"),
                new Bad("a context name with a line break", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.context-name", "pw\nprod"), "clearance.kubeconfig.context-name"),
                new Bad("a user name with a tab", with(SERVER, "https://k", CLI, "pw", "clearance.kubeconfig.user-name", "a\tb"),
                        "clearance.kubeconfig.user-name"),
                new Bad("a cluster name over 253 characters", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.cluster-name", "c".repeat(254)), "clearance.kubeconfig.cluster-name"),
                new Bad("a namespace that is no DNS label", with(SERVER, "https://k", CLI, "pw", "clearance.kubeconfig.namespace",
                        "Team_A"), "clearance.kubeconfig.namespace"),
                new Bad("both the CLI and kubelogin", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.kubelogin.issuer-url", "https://login.example.com"), CLI),
                new Bad("kubelogin without a client id", with(SERVER, "https://k",
                        "clearance.kubeconfig.kubelogin.issuer-url", "https://login.example.com"), "clearance.kubeconfig.kubelogin.client-id"),
                new Bad("kubelogin against an http issuer", with(SERVER, "https://k", "clearance.kubeconfig.kubelogin.issuer-url",
                        "http://login.example.com", "clearance.kubeconfig.kubelogin.client-id", "kubectl"),
                        "clearance.kubeconfig.kubelogin.issuer-url"),
                new Bad("a kubelogin client id without an issuer", with(SERVER, "https://k",
                        "clearance.kubeconfig.kubelogin.client-id", "kubectl"), "clearance.kubeconfig.kubelogin.issuer-url"),
                new Bad("CLI args without a command", with(SERVER, "https://k", "clearance.kubeconfig.cli.args", "token"), CLI),
                new Bad("a CLI env name that is no variable name", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.cli.env.\"PW-PROFILE\"", "prod"), "clearance.kubeconfig.cli.env.PW-PROFILE"),
                new Bad("a CLI env value with an escape character", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.cli.env.PW_PROFILE", "a\u001bb"), "clearance.kubeconfig.cli.env.PW_PROFILE"),
                new Bad("an unknown interactive mode", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.cli.interactive-mode", "Sometimes"), "clearance.kubeconfig.cli.interactive-mode"),
                new Bad("65 CLI args", with(SERVER, "https://k", CLI, "pw", "clearance.kubeconfig.cli.args",
                        String.join(",", java.util.Collections.nCopies(65, "a"))), "clearance.kubeconfig.cli.args"),
                new Bad("a development user that would break the shell line", with("clearance.dev-issuer.enabled", "true", SERVER,
                        "http://localhost:9443", "clearance.kubeconfig.dev-user", "alice; rm -rf ~"), "clearance.kubeconfig.dev-user"),
                new Bad("a development group with a space", with("clearance.dev-issuer.enabled", "true", SERVER,
                        "http://localhost:9443", "clearance.kubeconfig.dev-groups", "team a"), "clearance.kubeconfig.dev-groups"),
                new Bad("a CA file that does not exist", with(SERVER, "https://k", CLI, "pw",
                        "clearance.kubeconfig.certificate-authority", "/nonexistent/ca.crt"), "clearance.kubeconfig.certificate-authority"));
    }

    @ParameterizedTest(name = "start-up refuses {0}, naming the property")
    @MethodSource("misconfigurations")
    void refusesMisconfigurationNamingTheProperty(Bad c) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> resolve(c.properties()));
        assertTrue(e.getMessage().startsWith(c.property() + " "), e.getMessage());
        assertEquals(Set.of(c.property()), e.getConfigKeys());
    }

    @ParameterizedTest(name = "start-up refuses a CA file {0}")
    @MethodSource("badCaFiles")
    void refusesCaFilesThatAreNotCertificates(String name, String content, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ca.crt"), content);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> resolve(with(SERVER, "https://k", CLI, "pw",
                "clearance.kubeconfig.certificate-authority", file.toString())));
        assertTrue(e.getMessage().startsWith("clearance.kubeconfig.certificate-authority "), e.getMessage());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badCaFiles() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("without a PEM certificate", "hello"),
                org.junit.jupiter.params.provider.Arguments.of("whose certificate does not parse",
                        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"),
                org.junit.jupiter.params.provider.Arguments.of("that is a private key",
                        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"));
    }

    record Missing(String name, Map<String, String> properties, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Missing> notConfigured() {
        return Stream.of(
                new Missing("nothing set", with(), SERVER),
                new Missing("a plugin but no server (webhook mode)", with(CLI, "pw"), SERVER),
                new Missing("the proxy on a port picked at start-up", with(CLI, "pw", "clearance.proxy.enabled", "true",
                        "clearance.proxy.port", "0"), SERVER),
                new Missing("a server but no plugin and no development issuer", with(SERVER, "https://k"), CLI));
    }

    @ParameterizedTest(name = "404 with what to set when {0}")
    @MethodSource("notConfigured")
    void answersWhatToSetWhenNotConfigured(Missing c) {
        String message = assertInstanceOf(KubeconfigSettings.Availability.Unavailable.class, resolve(c.properties())).message();
        assertTrue(message.contains(c.mentions()), message);
    }

    @Test
    void proxyModeDefaultsTheServerToTheProxysOwnPort() {
        assertEquals("https://localhost:9443", spec(with(CLI, "pw", "clearance.proxy.enabled", "true")).server());
        assertEquals("http://localhost:7000", spec(with(CLI, "pw", "clearance.proxy.enabled", "true",
                "clearance.proxy.insecure-plain-http", "true", "clearance.proxy.port", "7000")).server());
    }

    @Test
    void theDevelopmentIssuerGivesTheCurlPluginForTheConfiguredUserAndGroups() {
        KubeconfigSpec spec = spec(with("clearance.dev-issuer.enabled", "true", "clearance.dev-issuer.issuer",
                "http://localhost:8080/dev-issuer", SERVER, "http://localhost:9443", "clearance.kubeconfig.dev-user", "bob",
                "clearance.kubeconfig.dev-groups", "team-b,auditors"));
        assertEquals(new UserPlugin.DevIssuerCurl("http://localhost:8080/dev-issuer/token", "bob", List.of("team-b", "auditors")),
                spec.plugin());
        assertEquals(new UserPlugin.DevIssuerCurl("http://localhost:8080/dev-issuer/token", "alice", List.of("team-a")),
                spec(with("clearance.dev-issuer.enabled", "true", "clearance.dev-issuer.issuer", "http://localhost:8080/dev-issuer",
                        SERVER, "http://localhost:9443")).plugin());
    }

    @Test
    void namesDefaultFromTheClusterNameAndEnvIsSortedByName() {
        KubeconfigSpec spec = spec(with(SERVER, "https://k8s.example.com/", CLI, "pw", "clearance.kubeconfig.cluster-name",
                "pw#prod", "clearance.kubeconfig.cli.env.ZED", "1", "clearance.kubeconfig.cli.env.ALPHA", "2",
                "clearance.kubeconfig.cli.args", "kube,token"));
        assertEquals("pw#prod", spec.contextName());
        assertEquals("pw#prod", spec.userName());
        assertEquals("https://k8s.example.com", spec.server());
        assertEquals(new ExecPlugin("pw", List.of("kube", "token"), List.of(new ExecPlugin.EnvVar("ALPHA", "2"),
                new ExecPlugin.EnvVar("ZED", "1")), java.util.Optional.empty(), ExecPlugin.InteractiveMode.IfAvailable),
                spec.plugin().exec());
    }

    @Test
    void kubeloginIsChosenByItsIssuerUrl() {
        assertEquals(new UserPlugin.Kubelogin("https://login.example.com/realms/pw", "kubectl", List.of("--oidc-extra-scope=groups")),
                spec(with(SERVER, "https://k", "clearance.kubeconfig.kubelogin.issuer-url", "https://login.example.com/realms/pw",
                        "clearance.kubeconfig.kubelogin.client-id", "kubectl", "clearance.kubeconfig.kubelogin.extra-args",
                        "--oidc-extra-scope=groups")).plugin());
    }
}
