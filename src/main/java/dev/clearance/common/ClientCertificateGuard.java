package dev.clearance.common;

import dev.clearance.config.TlsConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * With {@code clearance.tls.require-client-certificate=true}, the webhook paths answer 401 unless the caller
 * presented a client certificate over TLS. The server asks every TLS client for a certificate
 * ({@code quarkus.http.ssl.client-auth=request}, a build-time setting) and the handshake already refuses one that
 * the trust store does not vouch for; this guard refuses the requests that presented none, while kubelet probes
 * of {@code /q/health} (which have no certificate) keep working.
 */
@ApplicationScoped
public class ClientCertificateGuard {

    static final Set<String> WEBHOOK_PATHS = Set.of("/authenticate", "/authorize", "/admit");

    void install(@Observes Router router, TlsConfig config) {
        if (!config.requireClientCertificate()) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (WEBHOOK_PATHS.contains(request.path()) && !hasClientCertificate(request)) {
                ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .end("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Unauthorized\",\"code\":401,"
                                + "\"message\":\"the webhooks require a TLS client certificate (clearance.tls.require-client-certificate)\"}");
                return;
            }
            ctx.next();
        });
    }

    private static boolean hasClientCertificate(HttpServerRequest request) {
        if (!request.isSSL() || request.sslSession() == null) {
            return false;
        }
        try {
            return request.sslSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
