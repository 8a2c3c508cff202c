package dev.clearance.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The issuers every {@code @QuarkusTest} runs against (one application start for the whole suite):
 * <ul>
 *   <li>{@code static}: {@link TestTokens#ISSUER}, keys from a JWKS file (RSA, EC P-256, Ed25519);</li>
 *   <li>{@code rotating}, {@code outage}, {@code ratelimit}, {@code dead}: discovery and JWKS over HTTPS from
 *       {@link JwksTestServer}, trusted through {@code ca-file}; {@code dead} never answers 200.</li>
 * </ul>
 * The development issuer ({@code dev}) comes from the {@code %test} profile in application.properties.
 */
@WithTestResource(value = TestIssuersResource.class, scope = TestResourceScope.GLOBAL)
public class TestIssuersResource implements QuarkusTestResourceLifecycleManager {

    /** The JWKS test server's base URL, for tests that steer it. */
    public static final String SERVER_URL_PROPERTY = "test.jwks-server.url";
    public static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

    private JwksTestServer server;

    @Override
    public Map<String, String> start() {
        Path dir;
        Path jwks;
        Path ca;
        try {
            dir = Files.createTempDirectory("clearance-test");
            jwks = dir.resolve("static-jwks.json");
            Files.writeString(jwks, TestKeys.jwks(TestKeys.RSA_1, TestKeys.EC_P256, TestKeys.ED25519));
            ca = dir.resolve("tls-ca.pem");
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("keys/tls-ca.pem")) {
                Files.copy(in, ca, StandardCopyOption.REPLACE_EXISTING);
            }
            server = new JwksTestServer()
                    .issuer("rotating", "rsa-1")
                    .issuer("outage", "rsa-1")
                    .issuer("ratelimit", "rsa-1")
                    .issuer("dead", "rsa-1")
                    .outage("dead", true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test issuers", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put(SERVER_URL_PROPERTY, server.baseUrl());
        config.put("clearance.authn.api-audiences", API_AUDIENCE);
        String s = "clearance.issuers.static.";
        config.put(s + "issuer", TestTokens.ISSUER);
        config.put(s + "audiences", TestTokens.AUDIENCE);
        config.put(s + "jwks-file", jwks.toString());
        config.put(s + "algorithms", "RS256,ES256,PS256,EdDSA");
        config.put(s + "extra.\"clearance.dev/platform-host\"", "platform_host");
        remote(config, "rotating", ca, "500ms");
        remote(config, "outage", ca, "500ms");
        remote(config, "ratelimit", ca, "1h");
        remote(config, "dead", ca, "500ms");
        return config;
    }

    private void remote(Map<String, String> config, String name, Path ca, String minRefresh) {
        String p = "clearance.issuers." + name + ".";
        config.put(p + "issuer", server.issuerUrl(name));
        config.put(p + "audiences", TestTokens.AUDIENCE);
        config.put(p + "ca-file", ca.toString());
        config.put(p + "jwks-refresh-interval", "1h");
        config.put(p + "jwks-min-refresh-interval", minRefresh);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
