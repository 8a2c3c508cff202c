package dev.clearance.token;

import dev.clearance.testsupport.JwksTestServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An HTTPS issuer with two tenants ({@code file-a} signs with rsa-1, {@code file-b} with rsa-2) and an
 * AuthenticationConfiguration file trusting {@code file-a}, for the tests of {@code clearance.authn.config-file}.
 * The file's location and the server's URL are handed to the test as {@code test.authfile.*} properties.
 */
public class AuthConfigFileResource implements QuarkusTestResourceLifecycleManager {

    private JwksTestServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new JwksTestServer().issuer("file-a", "rsa-1").issuer("file-b", "rsa-2");
            Path dir = Files.createTempDirectory("clearance-authfile");
            Path file = dir.resolve("authentication-config.yaml");
            // the first file also carries anonymous, which clearance accepts and ignores with a warning at start-up
            Files.writeString(file, AuthConfigFiles.withIssuers(server.baseUrl(), "file-a") + "anonymous:\n  enabled: false\n");
            return Map.of(
                    "clearance.authn.config-file", file.toString(),
                    "clearance.authn.config-poll-interval", "100ms",
                    "clearance.authn.config-reload-timeout", "5s",
                    "clearance.authn.file-issuers.jwks-min-refresh-interval", "1s",
                    "test.authfile.path", file.toString(),
                    "test.authfile.server", server.baseUrl());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the file issuers", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The files the tests write: one jwt entry per tenant, with CEL mappings and rules of every kind. */
    static final class AuthConfigFiles {

        private AuthConfigFiles() {}

        static String withIssuers(String base, String... tenants) {
            StringBuilder yaml = new StringBuilder("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n");
            for (String tenant : tenants) {
                yaml.append("""
                          - issuer:
                              url: %s/%s
                              audiences: [cluster-test, other-cluster]
                              audienceMatchPolicy: MatchAny
                              certificateAuthority: |
                        %s
                            claimValidationRules:
                              - expression: "claims.sub.startsWith('user:')"
                                message: platform user tokens have a sub of user:<name>
                              - claim: tenant
                                requiredValue: %s
                            claimMappings:
                              username:
                                expression: "'oidc:' + claims.sub"
                              groups:
                                expression: "claims.?groups.orValue([]).map(g, 'oidc:' + g)"
                              uid:
                                claim: sub
                              extra:
                                - key: clearance.dev/platform-host
                                  valueExpression: "claims.?platform_host.orValue('')"
                                - key: example.com/level
                                  valueExpression: "has(claims.level) ? string(claims.level) : ''"
                                - key: example.com/dashed
                                  valueExpression: "claims.?team__dash__name.orValue('')"
                            userValidationRules:
                              - expression: "!user.username.startsWith('oidc:user:blocked')"
                                message: blocked users may not log in
                        """.formatted(base, tenant, indentedCa(), tenant));
            }
            return yaml.toString();
        }

        private static String indentedCa() {
            try (InputStream in = AuthConfigFileResource.class.getClassLoader().getResourceAsStream("keys/tls-ca.pem")) {
                String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                return pem.lines().map(l -> "            " + l).reduce((a, b) -> a + "\n" + b).orElseThrow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
