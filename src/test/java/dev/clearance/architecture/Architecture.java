package dev.clearance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The feature graph, written down once (DESIGN.md, "package by feature"). The shared cores are {@code config},
 * {@code common}, {@code token}, {@code policy} and {@code audit}; the webhook and proxy features ({@code authn},
 * {@code authz}, {@code admission}, {@code proxy}, {@code devissuer}) are shells around them that nothing else may
 * import. A feature's subpackages ({@code token.cel}, {@code token.authconfig}, {@code proxy.rbac}) are its
 * internals. Built for any root package, so the rules can be shown to fail on a fixture.
 */
final class Architecture {

    /** Feature to the features it may use; a feature may always use itself. */
    static final Map<String, Set<String>> ALLOWED = allowed();

    private Architecture() {
    }

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("config", Set.of());
        allowed.put("common", Set.of("config"));
        allowed.put("token", Set.of("common", "config"));
        allowed.put("policy", Set.of("token", "common", "config"));
        allowed.put("audit", Set.of("token", "common", "config"));
        allowed.put("authn", Set.of("token", "audit", "common", "config"));
        allowed.put("authz", Set.of("policy", "token", "audit", "common", "config"));
        allowed.put("admission", Set.of("policy", "token", "audit", "common", "config"));
        allowed.put("proxy", Set.of("policy", "token", "audit", "common", "config"));
        allowed.put("devissuer", Set.of("token", "common", "config"));
        allowed.put("kubeconfig", Set.of("common", "config"));
        return allowed;
    }

    /** No cycle between features (a feature's own subpackages belong to it). */
    static ArchRule acyclic(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
    }

    /** {@code feature} uses only the features {@link #ALLOWED} lists for it. */
    static ArchRule onlyAllowedDependencies(String root, String feature) {
        List<String> forbidden = new ArrayList<>();
        for (String other : ALLOWED.keySet()) {
            if (!other.equals(feature) && !ALLOWED.get(feature).contains(other)) {
                forbidden.add(root + "." + other + "..");
            }
        }
        return noClasses().that().resideInAPackage(root + "." + feature + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(feature + " may use only " + ALLOWED.get(feature) + " (DESIGN.md: features use each other's public "
                        + "cores, never their internals)")
                .allowEmptyShould(true);
    }

    /** A feature's subpackage is used by that feature only. */
    static ArchRule internalsStayInside(String root, String feature, String subpackage) {
        return noClasses().that().resideOutsideOfPackage(root + "." + feature + "..")
                .should().dependOnClassesThat().resideInAPackage(root + "." + feature + "." + subpackage + "..")
                .because(feature + "." + subpackage + " is an internal of " + feature)
                .allowEmptyShould(true);
    }

    /**
     * The pure decision cores: plain Java, so they are table-tested without a server, an event loop or a cluster.
     * (RbacDiff works on fabric8's model records, which are plain data, and is not listed.)
     */
    static final java.util.List<String> PURE_CORES = java.util.List.of("proxy.HeaderPolicy", "proxy.ProxyAdmission",
            "proxy.Refusal", "proxy.ExchangeRecorder", "proxy.rbac.RetryQueue", "policy.AccessPolicy");

    /** {@code core} (relative to {@code root}) uses no I/O framework: no Vert.x, Netty, fabric8, Jakarta or Quarkus. */
    static ArchRule pure(String root, String core) {
        return noClasses().that().haveFullyQualifiedName(root + "." + core)
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.fabric8..", "jakarta..",
                        "io.quarkus..")
                .because(core + " is a pure decision core");
    }
}
