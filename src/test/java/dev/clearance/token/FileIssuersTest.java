package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.common.WatchedFile;
import dev.clearance.config.AuthnConfig;
import dev.clearance.testsupport.TestAuthnConfig;
import dev.clearance.testsupport.TestIssuerConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a file's bytes to issuer settings: kube-apiserver's validation, then clearance's knobs from properties. */
class FileIssuersTest {

    @TempDir
    Path dir;

    static final String ONE = """
            apiVersion: apiserver.config.k8s.io/v1
            kind: AuthenticationConfiguration
            jwt:
              - issuer:
                  url: https://platform.example.com/api/oidc
                  audiences: [cluster-1]
                claimMappings:
                  username: {claim: sub, prefix: "oidc:"}
              - issuer:
                  url: https://other.example.com/
                  discoveryURL: https://other.example.com/custom/discovery
                  audiences: [cluster-1, cluster-2]
                  audienceMatchPolicy: MatchAny
                claimMappings:
                  username: {expression: "claims.sub"}
            """;

    record Block(String url, Optional<List<String>> algorithms, Optional<Duration> clockSkew, Optional<Path> jwksFile,
            Optional<URI> jwksUrl) implements AuthnConfig.FileIssuer {
        public Optional<Duration> maxTokenLifetime() { return Optional.empty(); }
        public Optional<Duration> jwksRefreshInterval() { return Optional.empty(); }
        public Optional<Duration> jwksMinRefreshInterval() { return Optional.empty(); }
        public Optional<Duration> connectTimeout() { return Optional.empty(); }
        public Optional<Duration> readTimeout() { return Optional.empty(); }
    }

    static WatchedFile.Reading reading(String yaml) {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        return new WatchedFile.Reading.Content(bytes, WatchedFile.sha256(bytes));
    }

    @Test
    void aValidFileGivesOneIssuerPerEntryWithTheDefaultKnobs() {
        FileIssuers.Loaded loaded = FileIssuers.load(reading(ONE), new TestAuthnConfig(Map.of(), false), false);

        assertEquals(List.of(), loaded.warnings());
        IssuerSettings first = loaded.issuers().get(0);
        assertEquals("platform.example.com/api/oidc", first.name());
        assertEquals("jwt[0]", first.origin());
        assertEquals(EnumSet.of(JwsAlgorithm.RS256, JwsAlgorithm.ES256), first.algorithms());
        assertEquals(Duration.ofSeconds(30), first.clockSkew());
        assertEquals(new KeyLocation.Discovery(URI.create("https://platform.example.com/api/oidc/.well-known/openid-configuration")),
                first.keyLocation());
        assertInstanceOf(FileRules.class, first.rules());
        IssuerSettings second = loaded.issuers().get(1);
        assertEquals("other.example.com", second.name());
        assertEquals(new KeyLocation.Discovery(URI.create("https://other.example.com/custom/discovery")), second.keyLocation(),
                "discoveryURL is used verbatim");
        assertEquals(java.util.Set.of("cluster-1", "cluster-2"), second.audiences());
    }

    @Test
    void aBlockNamingTheUrlSetsThatIssuersNameKnobsAndStaticKeys() throws Exception {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        Block block = new Block("https://platform.example.com/api/oidc", Optional.of(List.of("PS256")),
                Optional.of(Duration.ZERO), Optional.of(jwks), Optional.empty());
        Block unused = new Block("https://nowhere.example.com", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        FileIssuers.Loaded loaded = FileIssuers.load(reading(ONE), new TestAuthnConfig(Map.of("platform", block, "gone", unused), false),
                false);

        IssuerSettings platform = loaded.issuers().get(0);
        assertEquals("platform", platform.name());
        assertEquals(EnumSet.of(JwsAlgorithm.PS256), platform.algorithms());
        assertEquals(Duration.ZERO, platform.clockSkew());
        assertEquals(new KeyLocation.JwksFile(jwks), platform.keyLocation());
        assertEquals(Duration.ofSeconds(30), loaded.issuers().get(1).clockSkew(), "other issuers keep the defaults");
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).contains("clearance.authn.file-issuers.issuer.gone.url"), loaded.warnings().get(0));
    }

    @Test
    void aBlocksInvalidKnobIsNamedByItsProperty() {
        Block block = new Block("https://platform.example.com/api/oidc", Optional.of(List.of("HS256")), Optional.empty(),
                Optional.empty(), Optional.empty());

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> FileIssuers.load(reading(ONE), new TestAuthnConfig(Map.of("platform", block), false), false));

        assertTrue(e.getMessage().startsWith("clearance.authn.file-issuers.issuer.platform.algorithms HS256 is unsigned"),
                e.getMessage());
    }

    @Test
    void anInvalidFileFailsWithEveryMessageAndTheFileNamed() {
        String broken = ONE.replace("prefix: \"oidc:\"", "x: 1").replace("https://other.example.com/", "http://other.example.com/");

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> FileIssuers.load(reading(broken), new TestAuthnConfig(Map.of(), false), false));

        assertTrue(e.getMessage().startsWith("/etc/clearance/authentication-config.yaml is not a valid AuthenticationConfiguration:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("strict decoding error: unknown field \"jwt[0].claimMappings.username.x\""), e.getMessage());
        ConfigurationException invalid = assertThrows(ConfigurationException.class, () -> FileIssuers.load(
                reading(ONE.replace("https://other.example.com/", "http://other.example.com/")), new TestAuthnConfig(Map.of(), false), false));
        assertTrue(invalid.getMessage().contains("jwt[1].issuer.url: Invalid value: \"http://other.example.com/\": URL scheme must be https"),
                invalid.getMessage());
        ConfigurationException unreadable = assertThrows(ConfigurationException.class, () -> FileIssuers.load(
                new WatchedFile.Reading.Unreadable("/x does not exist"), new TestAuthnConfig(Map.of(), false), false));
        assertTrue(unreadable.getMessage().contains("/x does not exist"), unreadable.getMessage());
    }

    @Test
    void anIssuerMayBeConfiguredOnceAcrossTheFileAndTheShortForm() {
        IssuerSettings block = IssuerSettings.from("platform", TestIssuerConfig.defaults().withIssuer("https://platform.example.com/api/oidc"));
        List<IssuerSettings> all = new ArrayList<>(List.of(block));
        all.addAll(FileIssuers.load(reading(ONE), new TestAuthnConfig(Map.of(), false), false).issuers());

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> IssuerSettings.checkDistinct(all));

        assertTrue(e.getMessage().startsWith("jwt[0].issuer.url repeats the issuer https://platform.example.com/api/oidc"),
                e.getMessage());
    }

    @Test
    void anEmptyFileOfNoIssuersIsValid() {
        FileIssuers.Loaded loaded = FileIssuers.load(reading("apiVersion: apiserver.config.k8s.io/v1beta1\n"
                + "kind: AuthenticationConfiguration\n"), new TestAuthnConfig(Map.of(), false), false);

        assertEquals(List.of(), loaded.issuers());
    }
}
