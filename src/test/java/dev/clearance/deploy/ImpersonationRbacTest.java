package dev.clearance.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What clearance's ServiceAccount may do as an impersonator, in both RBAC variants of proxy mode: deploy/proxy
 * (legacy impersonate verb, every Kubernetes version) and deploy/proxy-constrained (KEP-5284's constrained verbs,
 * Kubernetes 1.36 and later). Each case is one authorization check the API server makes for a proxied request
 * (or one it must refuse), evaluated with RBAC's matching rules over the rendered manifests.
 */
class ImpersonationRbacTest {

    /** The extra the proxy forwards for a token with a jti (token.TokenClaims). */
    static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";
    static final String AUTHN = "authentication.k8s.io";

    static final Map<String, List<HasMetadata>> RENDERED = new java.util.HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String overlay : List.of("deploy/proxy", "deploy/proxy-constrained")) {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, kubectl.exitValue(), errors);
            List<HasMetadata> objects = new ArrayList<>();
            for (String doc : yaml.split("(?m)^---$")) {
                if (!doc.isBlank()) {
                    objects.add(Serialization.unmarshal(doc));
                }
            }
            RENDERED.put(overlay, objects);
        }
    }

    /** Every rule bound to clearance's ServiceAccount, across all its ClusterRoleBindings. */
    static List<PolicyRule> serviceAccountRules(String overlay) {
        List<HasMetadata> objects = RENDERED.get(overlay);
        List<PolicyRule> rules = new ArrayList<>();
        objects.stream().filter(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast)
                .filter(b -> b.getSubjects().stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                        && "clearance".equals(s.getName()) && "clearance".equals(s.getNamespace())))
                .forEach(b -> objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                        .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName()))
                        .forEach(r -> rules.addAll(r.getRules())));
        return rules;
    }

    record Check(String name, String verb, String group, String resource, String subresource, String resourceName) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Check check(String name, String verb, String group, String resource, String subresource, String resourceName) {
        return new Check(name, verb, group, resource, subresource, resourceName);
    }

    static Stream<Arguments> legacy() {
        return Stream.of(
                Arguments.of(check("a verified user", "impersonate", "", "users", "", "oidc:user:alice"), true),
                Arguments.of(check("its groups", "impersonate", "", "groups", "", "oidc:team-a"), true),
                Arguments.of(check("its uid", "impersonate", AUTHN, "uids", "", "42"), true),
                Arguments.of(check("the credential-id extra", "impersonate", AUTHN, "userextras", CREDENTIAL_ID, "JTI=abc"), true),
                Arguments.of(check("no service account", "impersonate", "", "serviceaccounts", "", "default"), false),
                Arguments.of(check("no other extra key", "impersonate", AUTHN, "userextras", "scopes", "admin"), false));
    }

    @ParameterizedTest(name = "legacy: {0}")
    @MethodSource("legacy")
    void legacyVariant(Check c, boolean allowed) {
        assertEquals(allowed, RbacRules.allows(serviceAccountRules("deploy/proxy"), c.verb(), c.group(), c.resource(),
                c.subresource(), c.resourceName()), c.name());
    }

    static Stream<Arguments> constrained() {
        return Stream.of(
                // whom (the identity checks of user-info mode, all in authentication.k8s.io)
                Arguments.of(check("a verified user", "impersonate:user-info", AUTHN, "users", "", "oidc:user:alice"), true),
                Arguments.of(check("its groups", "impersonate:user-info", AUTHN, "groups", "", "oidc:team-a"), true),
                Arguments.of(check("its uid", "impersonate:user-info", AUTHN, "uids", "", "42"), true),
                Arguments.of(check("the credential-id extra", "impersonate:user-info", AUTHN, "userextras", CREDENTIAL_ID,
                        "JTI=abc"), true),
                Arguments.of(check("no other extra key", "impersonate:user-info", AUTHN, "userextras", "scopes", "x"), false),
                Arguments.of(check("no service account", "impersonate:serviceaccount", AUTHN, "serviceaccounts", "", "default"),
                        false),
                Arguments.of(check("no node", "impersonate:arbitrary-node", AUTHN, "nodes", "", "node-1"), false),
                Arguments.of(check("no associated node", "impersonate:associated-node", AUTHN, "nodes", "", "node-1"), false),
                // what (the action checks: impersonate-on:user-info:<verb> on the request's own attributes)
                Arguments.of(check("list pods", "impersonate-on:user-info:list", "", "pods", "", ""), true),
                Arguments.of(check("watch pods", "impersonate-on:user-info:watch", "", "pods", "", ""), true),
                Arguments.of(check("exec (SPDY)", "impersonate-on:user-info:create", "", "pods", "exec", "web-0"), true),
                Arguments.of(check("exec (WebSocket)", "impersonate-on:user-info:get", "", "pods", "exec", "web-0"), true),
                Arguments.of(check("port-forward", "impersonate-on:user-info:create", "", "pods", "portforward", "web-0"), true),
                Arguments.of(check("follow logs", "impersonate-on:user-info:get", "", "pods", "log", "web-0"), true),
                Arguments.of(check("patch a deployment", "impersonate-on:user-info:patch", "apps", "deployments", "", "web"), true),
                Arguments.of(check("delete a collection", "impersonate-on:user-info:deletecollection", "", "pods", "", ""), true),
                Arguments.of(check("kubectl auth whoami", "impersonate-on:user-info:create", AUTHN, "selfsubjectreviews", "", ""),
                        true),
                Arguments.of(check("never impersonate onwards", "impersonate-on:user-info:impersonate", "", "users", "", "root"),
                        false),
                Arguments.of(check("never bind", "impersonate-on:user-info:bind", "rbac.authorization.k8s.io", "clusterroles", "",
                        "cluster-admin"), false),
                Arguments.of(check("never escalate", "impersonate-on:user-info:escalate", "rbac.authorization.k8s.io", "roles", "",
                        "admin"), false),
                Arguments.of(check("never approve a CSR", "impersonate-on:user-info:approve", "certificates.k8s.io",
                        "signers", "", "kubernetes.io/kube-apiserver-client"), false),
                Arguments.of(check("no service-account mode", "impersonate-on:serviceaccount:list", "", "pods", "", ""), false),
                // the legacy verb must be absent: the API server falls back to it when a constrained check fails
                Arguments.of(check("no legacy user impersonation", "impersonate", "", "users", "", "oidc:user:alice"), false),
                Arguments.of(check("no legacy group impersonation", "impersonate", "", "groups", "", "system:masters"), false),
                Arguments.of(check("no legacy extra impersonation", "impersonate", AUTHN, "userextras", CREDENTIAL_ID, "x"), false));
    }

    @ParameterizedTest(name = "constrained: {0}")
    @MethodSource("constrained")
    void constrainedVariant(Check c, boolean allowed) {
        assertEquals(allowed, RbacRules.allows(serviceAccountRules("deploy/proxy-constrained"), c.verb(), c.group(),
                c.resource(), c.subresource(), c.resourceName()), c.name());
    }

    @Test
    void theConstrainedVariantLetsDiscoveryThroughButNothingElseWithoutAResource() {
        List<PolicyRule> rules = serviceAccountRules("deploy/proxy-constrained");
        assertTrue(RbacRules.allowsPath(rules, "impersonate-on:user-info:get", "/version"));
        assertTrue(RbacRules.allowsPath(rules, "impersonate-on:user-info:get", "/apis/apps/v1"));
        assertFalse(RbacRules.allowsPath(rules, "impersonate-on:user-info:post", "/version"));
        assertFalse(RbacRules.allowsPath(serviceAccountRules("deploy/proxy"), "impersonate-on:user-info:get", "/version"),
                "the legacy variant grants no constrained verb");
    }

    @Test
    void bothVariantsKeepTheSameRbacManagementRules() {
        List<PolicyRule> legacy = serviceAccountRules("deploy/proxy").stream().filter(r -> !impersonation(r)).toList();
        List<PolicyRule> constrained = serviceAccountRules("deploy/proxy-constrained").stream().filter(r -> !impersonation(r))
                .toList();
        assertFalse(legacy.isEmpty());
        assertEquals(legacy, constrained);
        assertEquals(RENDERED.get("deploy/proxy").size(), RENDERED.get("deploy/proxy-constrained").size(),
                "the variant swaps rules, it adds or drops no object");
    }

    private static boolean impersonation(PolicyRule rule) {
        return rule.getVerbs().stream().anyMatch(v -> v.startsWith("impersonate"));
    }
}
