package dev.clearance.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The renderer's YAML, read back: what each part of a {@link KubeconfigSpec} becomes in the kubeconfig. */
class KubeconfigRendererTest {

    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    static final UserPlugin CLI = new UserPlugin.PlatformCli(new ExecPlugin("pw", List.of("kube", "token", "--cluster=prod"),
            List.of(new ExecPlugin.EnvVar("PW_PROFILE", "prod"), new ExecPlugin.EnvVar("PW_COLOR", "never")),
            Optional.of("install pw:\n  brew install pw"), ExecPlugin.InteractiveMode.Always));
    static final UserPlugin KUBELOGIN = new UserPlugin.Kubelogin("https://login.example.com/realms/pw", "kubectl",
            List.of("--oidc-extra-scope=groups"));
    static final UserPlugin DEV = new UserPlugin.DevIssuerCurl("http://localhost:8080/dev-issuer/token", "alice",
            List.of("team-a", "team-b"));

    record Case(String name, KubeconfigSpec spec, Consumer<JsonNode> expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    static KubeconfigSpec spec(String cluster, String context, UserPlugin plugin) {
        return new KubeconfigSpec(cluster, context, "user-" + context, Optional.empty(), "https://k8s.example.com:6443",
                Optional.empty(), plugin);
    }

    static JsonNode exec(JsonNode config) {
        return config.at("/users/0/user/exec");
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("names with # read back unchanged and the context is current", spec("pw#prod", "pw#prod", DEV), c -> {
                    assertEquals("pw#prod", c.at("/clusters/0/name").asText());
                    assertEquals("pw#prod", c.at("/contexts/0/name").asText());
                    assertEquals("pw#prod", c.at("/contexts/0/context/cluster").asText());
                    assertEquals("user-pw#prod", c.at("/contexts/0/context/user").asText());
                    assertEquals("user-pw#prod", c.at("/users/0/name").asText());
                    assertEquals("pw#prod", c.get("current-context").asText());
                }),
                new Case("a name that YAML would read as something else stays a string", spec("true", "# not a comment", DEV), c -> {
                    assertEquals("true", c.at("/clusters/0/name").textValue());
                    assertEquals("# not a comment", c.get("current-context").textValue());
                }),
                new Case("the server and the kinds", spec("c", "c", DEV), c -> {
                    assertEquals("v1", c.get("apiVersion").asText());
                    assertEquals("Config", c.get("kind").asText());
                    assertEquals("https://k8s.example.com:6443", c.at("/clusters/0/cluster/server").asText());
                    assertFalse(c.at("/clusters/0/cluster").has("certificate-authority-data"));
                    assertFalse(c.at("/contexts/0/context").has("namespace"));
                }),
                new Case("the CA is embedded as base64 of its PEM, and the namespace set", new KubeconfigSpec("c", "c", "u",
                        Optional.of("team-a"), "https://k8s.example.com", Optional.of(PEM), DEV), c -> {
                    assertEquals(PEM, new String(Base64.getDecoder().decode(
                            c.at("/clusters/0/cluster/certificate-authority-data").asText()), StandardCharsets.US_ASCII));
                    assertEquals("team-a", c.at("/contexts/0/context/namespace").asText());
                }),
                new Case("the platform CLI: command, args, env in order, installHint and interactiveMode", spec("c", "c", CLI), c -> {
                    JsonNode exec = exec(c);
                    assertEquals("client.authentication.k8s.io/v1", exec.get("apiVersion").asText());
                    assertEquals("pw", exec.get("command").asText());
                    assertEquals("[\"kube\",\"token\",\"--cluster=prod\"]", exec.get("args").toString());
                    assertEquals("[{\"name\":\"PW_PROFILE\",\"value\":\"prod\"},{\"name\":\"PW_COLOR\",\"value\":\"never\"}]",
                            exec.get("env").toString());
                    assertEquals("install pw:\n  brew install pw", exec.get("installHint").asText());
                    assertEquals("Always", exec.get("interactiveMode").asText());
                }),
                new Case("kubelogin: kubectl oidc-login get-token with issuer, client and extra args, IfAvailable",
                        spec("c", "c", KUBELOGIN), c -> {
                    JsonNode exec = exec(c);
                    assertEquals("kubectl", exec.get("command").asText());
                    assertEquals("[\"oidc-login\",\"get-token\",\"--oidc-issuer-url=https://login.example.com/realms/pw\","
                            + "\"--oidc-client-id=kubectl\",\"--oidc-extra-scope=groups\"]", exec.get("args").toString());
                    assertEquals("IfAvailable", exec.get("interactiveMode").asText());
                    assertEquals(UserPlugin.Kubelogin.INSTALL_HINT, exec.get("installHint").asText());
                    assertFalse(exec.has("env"));
                }),
                new Case("the development issuer: sh -c curl with user, each group and exec-credential, Never",
                        spec("c", "c", DEV), c -> {
                    JsonNode exec = exec(c);
                    assertEquals("sh", exec.get("command").asText());
                    assertEquals("[\"-c\",\"curl -sf -d user=alice -d groups=team-a -d groups=team-b -d format=exec-credential "
                            + "http://localhost:8080/dev-issuer/token\"]", exec.get("args").toString());
                    assertEquals("Never", exec.get("interactiveMode").asText());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersWhatTheSpecSays(Case c) throws Exception {
        c.expect().accept(new YAMLMapper().readTree(KubeconfigRenderer.render(c.spec())));
    }
}
