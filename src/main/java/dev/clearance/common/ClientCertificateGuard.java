package dev.clearance.common;

import dev.clearance.config.TlsConfig;
import dev.clearance.common.Text;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code clearance.tls.require-client-certificate=true}, every request that did not present a client
 * certificate over TLS is refused with 401, except the kubelet's probes: {@code /q/health} and below, and
 * {@code /q/metrics}; and the users' {@code /kubeconfig}, which holds no secret and is fetched by anyone. The server asks every TLS client for a certificate ({@code quarkus.http.ssl.client-auth=request},
 * a build-time setting) and the handshake already refuses one that the trust store does not vouch for (start-up
 * refuses to run without such a trust store: {@link ClientCertificateTrust}); this guard refuses the requests that
 * presented none.
 *
 * <p>Deny by default, on the path the router matches: a list of protected paths compared with the raw path let
 * {@code /./authorize}, {@code /%61uthenticate}, {@code //admit} or {@code /authorize/} reach the webhooks without
 * a certificate, because routing resolves dot segments, decodes unreserved escapes and merges slashes first. So the
 * decision is taken on {@link RoutingContext#normalizedPath()}, and only the probes' own plain spellings are open;
 * anything stranger ({@code ;}, {@code %}, {@code .}) is refused even under {@code /q/health}.
 */
@ApplicationScoped
public class ClientCertificateGuard {

    private static final Logger LOG = Logger.getLogger(ClientCertificateGuard.class);
    /**
     * Normalised paths served without a certificate: the health checks (and groups of them), the metrics, and the
     * users' kubeconfig download.
     */
    private static final Pattern PROBES = Pattern.compile("/q/health(/[A-Za-z0-9_-]+)*|/q/metrics|/kubeconfig");
    static final String REASON = "client_certificate_required";
    static final String MESSAGE = "the webhooks require a TLS client certificate (clearance.tls.require-client-certificate)";
    private static final String BODY = Json.encode(KubeStatus.failure(401, "Unauthorized", REASON, MESSAGE));

    private final TlsConfig config;
    private final TlsConfigurationRegistry registry;
    private final Optional<String> tlsConfigurationName;

    ClientCertificateGuard(TlsConfig config, TlsConfigurationRegistry registry,
            @ConfigProperty(name = ClientCertificateTrust.CONFIGURATION_NAME) Optional<String> tlsConfigurationName) {
        this.config = config;
        this.registry = registry;
        this.tlsConfigurationName = tlsConfigurationName;
    }

    void install(@Observes Router router) {
        if (!config.requireClientCertificate()) {
            return;
        }
        ClientCertificateTrust.check(true, tlsConfigurationName, ClientCertificateTrust.of(registry, tlsConfigurationName));
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (isProbe(ctx.normalizedPath()) || hasClientCertificate(ctx.request())) {
                ctx.next();
                return;
            }
            // attacker-driven: DEBUG, and the path only quoted
            LOG.debugf("path=%s: refused without a client certificate", Text.quote(ctx.request().path()));
            ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json").end(BODY);
        });
    }

    /** Whether a normalised path is one of the probes, which are served without a client certificate. */
    static boolean isProbe(String normalizedPath) {
        return normalizedPath != null && PROBES.matcher(normalizedPath).matches();
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
