package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.impl.HttpUtils;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which request paths the mTLS guard lets through without a client certificate: only the probes, judged on the path
 * as the router sees it (Vert.x's normalisation, the one {@code RoutingContext.normalizedPath()} applies).
 */
class ClientCertificateGuardTest {

    record Case(String name, String rawPath, boolean open) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> paths() {
        return Stream.of(
                new Case("liveness", "/q/health/live", true),
                new Case("readiness", "/q/health/ready", true),
                new Case("all health checks", "/q/health", true),
                new Case("a health group", "/q/health/group/issuers", true),
                new Case("metrics", "/q/metrics", true),
                new Case("the users' kubeconfig download", "/kubeconfig", true),
                new Case("a path that only starts like the kubeconfig", "/kubeconfigs", false),
                new Case("liveness with a percent-encoded q, which the router serves as liveness", "/%71/health/live", true),
                new Case("liveness through a doubled slash, which the router serves as liveness", "/q//health/live", true),
                new Case("the authenticator", "/authenticate", false),
                new Case("the authorizer behind a dot segment", "/./authorize", false),
                new Case("the authenticator with a percent-encoded letter", "/%61uthenticate", false),
                new Case("admission behind a percent-encoded dot segment", "/%2e/admit", false),
                new Case("the authorizer behind a doubled slash", "//authorize", false),
                new Case("the authorizer with a trailing slash", "/authorize/", false),
                new Case("a climb out of the health checks into the authenticator", "/q/health/../../authenticate", false),
                new Case("a percent-encoded climb out of the health checks into admission", "/q/health/%2e%2e/%2e%2e/admit", false),
                new Case("a matrix parameter on a climb out of the health checks", "/q/health/..;/admit", false),
                new Case("an encoded slash under the health checks", "/q/health%2f..%2f..%2fadmit", false),
                new Case("a path that only starts like the health checks", "/q/healthz", false),
                new Case("a path that only starts like the metrics", "/q/metrics-admin", false),
                new Case("below the metrics", "/q/metrics/x", false),
                new Case("the audit query", "/audit/events", false),
                new Case("the development issuer", "/dev-issuer/jwks", false),
                new Case("the root", "/", false),
                new Case("a path nothing serves", "/nonexistent", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void onlyTheProbesAreOpenWithoutACertificate(Case c) {
        assertEquals(c.open(), ClientCertificateGuard.isProbe(HttpUtils.normalizePath(c.rawPath())), HttpUtils.normalizePath(c.rawPath()));
    }

    @org.junit.jupiter.api.Test
    void aRequestWithoutAPathIsNotAProbe() {
        assertEquals(false, ClientCertificateGuard.isProbe(null));
    }
}
