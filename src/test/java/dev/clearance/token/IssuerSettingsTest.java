package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestIssuerConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid issuer configuration fails start-up with a sentence naming the property. */
class IssuerSettingsTest {

    record Case(String name, UnaryOperator<TestIssuerConfig> edit, String property) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("plain http issuer", c -> c.withIssuer("http://platform.example.com"), "issuer"),
                new Case("issuer with a query", c -> c.withIssuer("https://platform.example.com?x=1"), "issuer"),
                new Case("not a URL", c -> c.withIssuer("::nope"), "issuer"),
                new Case("no audience", c -> c.withAudiences(List.of(" ")), "audiences"),
                new Case("jwks-url and jwks-file together", c -> c.withKeys(Optional.empty(),
                        Optional.of(URI.create("https://x.example/jwks")), Optional.of(Path.of("pom.xml"))), "jwks-url"),
                new Case("unreadable jwks-file", c -> c.withKeys(Optional.empty(), Optional.empty(),
                        Optional.of(Path.of("/nonexistent/jwks.json"))), "jwks-file"),
                new Case("plain http jwks-url off loopback", c -> c.withKeys(Optional.empty(),
                        Optional.of(URI.create("http://keys.example.com/jwks")), Optional.empty()), "jwks-url"),
                new Case("unreadable ca-file", c -> c.withCaFile(Optional.of(Path.of("/nonexistent/ca.pem"))), "ca-file"),
                new Case("HS256 allowed", c -> c.withAlgorithms(List.of("RS256", "HS256")), "algorithms"),
                new Case("none allowed", c -> c.withAlgorithms(List.of("none")), "algorithms"),
                new Case("unknown algorithm", c -> c.withAlgorithms(List.of("RS257")), "algorithms"),
                new Case("clock skew above 5 minutes", c -> c.withTimes(Duration.ofMinutes(6), Duration.ofMinutes(15)), "clock-skew"),
                new Case("negative max-token-lifetime", c -> c.withTimes(Duration.ofSeconds(30), Duration.ofSeconds(-1)),
                        "max-token-lifetime"),
                new Case("system: username prefix", c -> c.withClaims("sub", "system:", "oidc:", Optional.empty(), Map.of(), Map.of()),
                        "username-prefix"),
                new Case("blank groups prefix", c -> c.withClaims("sub", "oidc:", " ", Optional.empty(), Map.of(), Map.of()),
                        "groups-prefix"),
                new Case("username prefix sys (sys + tem:masters is system:masters)", c -> prefixes(c, "sys", "oidc:"),
                        "username-prefix"),
                new Case("groups prefix s", c -> prefixes(c, "oidc:", "s"), "groups-prefix"),
                new Case("groups prefix system (system + :masters)", c -> prefixes(c, "oidc:", "system"), "groups-prefix"),
                new Case("groups prefix system: itself", c -> prefixes(c, "oidc:", "system:"), "groups-prefix"),
                new Case("groups prefix inside system:, system:serviceaccounts:", c -> prefixes(c, "oidc:", "system:serviceaccounts:"),
                        "groups-prefix"),
                new Case("username prefix with a trailing space", c -> prefixes(c, "oidc: ", "oidc:"), "username-prefix"),
                new Case("groups prefix with a leading tab", c -> prefixes(c, "oidc:", "\toidc:"), "groups-prefix"),
                new Case("groups prefix ending in a no-break space", c -> prefixes(c, "oidc:", "oidc:\u00a0"), "groups-prefix"),
                new Case("username prefix with a newline inside", c -> prefixes(c, "oi\ndc:", "oidc:"), "username-prefix"),
                new Case("groups prefix with NUL inside", c -> prefixes(c, "oidc:", "oidc\u0000:"), "groups-prefix"),
                new Case("extra key without a domain", c -> c.withClaims("sub", "oidc:", "oidc:", Optional.empty(),
                        Map.of("platform-host", "platform_host"), Map.of()), "extra"),
                new Case("extra key under kubernetes.io", c -> c.withClaims("sub", "oidc:", "oidc:", Optional.empty(),
                        Map.of("authentication.kubernetes.io/x", "c"), Map.of()), "extra"),
                new Case("min refresh longer than refresh", c -> c.withRefresh(Duration.ofMinutes(1), Duration.ofMinutes(2)),
                        "jwks-min-refresh-interval"),
                new Case("zero refresh interval", c -> c.withRefresh(Duration.ZERO, Duration.ZERO), "jwks-refresh-interval"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalid")
    void rejectsInvalidConfigurationNamingTheProperty(Case c) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> IssuerSettings.from("platform", c.edit().apply(TestIssuerConfig.defaults())));

        assertTrue(e.getMessage().startsWith("clearance.issuers.platform." + c.property()), e.getMessage());
    }

    static Stream<String> harmlessPrefixes() {
        return Stream.of("oidc:", "systemd:", "s3:", "platform/", "my org:", "Sys");
    }

    @ParameterizedTest(name = "accepts the prefix {0}, which cannot form a system: name")
    @MethodSource("harmlessPrefixes")
    void acceptsPrefixesThatCannotFormASystemName(String prefix) {
        IssuerSettings s = IssuerSettings.from("p", prefixes(TestIssuerConfig.defaults(), prefix, prefix));

        assertEquals(prefix, ((ShortFormRules) s.rules()).mapping().usernamePrefix());
        assertEquals(prefix, ((ShortFormRules) s.rules()).mapping().groupsPrefix());
    }

    static TestIssuerConfig prefixes(TestIssuerConfig c, String username, String groups) {
        return c.withClaims("sub", username, groups, Optional.empty(), Map.of(), Map.of());
    }

    @Test
    void defaultsToDiscoveryBelowTheIssuer() {
        IssuerSettings s = IssuerSettings.from("p", TestIssuerConfig.defaults()
                .withIssuer("https://platform.example.com/api/oidc/")
                .withKeys(Optional.empty(), Optional.empty(), Optional.empty()));

        KeyLocation.Discovery d = assertInstanceOf(KeyLocation.Discovery.class, s.keyLocation());
        assertEquals("https://platform.example.com/api/oidc/.well-known/openid-configuration", d.url().toString());
        assertEquals("https://platform.example.com/api/oidc/", s.issuer(), "the issuer itself is kept byte for byte");
    }

    @Test
    void acceptsPlainHttpOnLoopbackForDevelopment() {
        IssuerSettings s = IssuerSettings.from("dev", TestIssuerConfig.defaults()
                .withIssuer("http://localhost:8080/dev-issuer").withKeys(Optional.empty(), Optional.empty(), Optional.empty()));

        assertEquals("http://localhost:8080/dev-issuer", s.issuer());
    }

    @Test
    void rejectsTheSameIssuerConfiguredTwice() {
        IssuerSettings a = IssuerSettings.from("a", TestIssuerConfig.defaults());
        IssuerSettings b = IssuerSettings.from("b", TestIssuerConfig.defaults());

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> IssuerSettings.checkDistinct(List.of(a, b)));
        assertTrue(e.getMessage().startsWith("clearance.issuers.b.issuer"), e.getMessage());
    }
}
