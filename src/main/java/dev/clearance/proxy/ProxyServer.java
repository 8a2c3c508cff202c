package dev.clearance.proxy;

import dev.clearance.audit.AuditLog;
import dev.clearance.token.TokenReviews;
import dev.clearance.config.ProxyConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Proxy mode (DESIGN.md, "Two ways into a cluster"): an HTTP(S) endpoint kubectl uses as its cluster {@code server}.
 * Each request's bearer token is verified like a TokenReview (same issuers, same verdict cache), then the request goes
 * to the real API server under the proxy's own credentials with {@code Impersonate-*} headers for the verified
 * identity. Bodies, watches, log streams and upgraded connections (exec, attach, port-forward) are streamed, never
 * held whole.
 *
 * <p>One server instance per event loop, as Vert.x shares a port between instances; each has its own upstream
 * client so a request and its upstream connection stay on one thread.
 */
@ApplicationScoped
public class ProxyServer {

    private static final Logger LOG = Logger.getLogger(ProxyServer.class);

    private final Vertx vertx;
    private final ProxyConfig config;
    private final TokenReviews reviewer;
    private final AuditLog audit;
    private final Instance<KubernetesClient> kubernetes;
    private final TlsConfigurationRegistry tlsRegistry;
    private final MeterRegistry meters;

    private final ProxyLoad load;
    private final List<ProxyVerticle> instances = new CopyOnWriteArrayList<>();
    private volatile Upstream upstream;
    private volatile HttpServerOptions serverOptions;
    private volatile String deploymentId;
    private volatile int boundPort = -1;
    private long credentialTimer = -1;

    ProxyServer(Vertx vertx, ProxyConfig config, TokenReviews reviewer, AuditLog audit, Instance<KubernetesClient> kubernetes,
            TlsConfigurationRegistry tlsRegistry, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.reviewer = reviewer;
        this.audit = audit;
        this.kubernetes = kubernetes;
        this.tlsRegistry = tlsRegistry;
        this.meters = meters;
        this.load = new ProxyLoad(config.maxConcurrentRequests());
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        var problem = ProxySettings.check(config);
        if (problem.isPresent()) {
            throw problem.get().exception();
        }
        upstream = Upstream.from(upstreamConfig(), "clearance.proxy.upstream", config.upstream().connectTimeout(),
                Math.max(1, config.upstream().maxConnections() / eventLoops()));
        int port = config.port() == 0 ? freePort() : config.port();
        serverOptions = ProxyOptions.server(config, port, tlsRegistry);
        Gauge.builder("clearance.proxy.requests.in.flight", load, ProxyLoad::inFlight)
                .description("Proxied requests in flight, streams included").register(meters);
        Gauge.builder("clearance.proxy.streams.open", load, ProxyLoad::streamsOpen)
                .description("Open watches, follows and upgraded connections").register(meters);
        deploymentId = vertx.deployVerticle(() -> new ProxyVerticle(this), new DeploymentOptions().setInstances(eventLoops()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        boundPort = port;
        credentialTimer = vertx.setPeriodic(Upstream.TOKEN_REFRESH.toMillis(),
                id -> vertx.executeBlocking(() -> {
                    upstream.refreshCredentials();
                    return null;
                }, false));
        LOG.infof("proxy listening on %s://%s:%d for %s", serverOptions.isSsl() ? "https" : "http", config.host(), port,
                upstream.describe());
        if (!serverOptions.isSsl()) {
            LOG.warn("proxy serves plain HTTP (clearance.proxy.insecure-plain-http=true): bearer tokens cross the wire in clear; "
                    + "use it on loopback only");
        }
    }

    /**
     * Graceful drain: new requests get 503 with {@code Connection: close}, requests in flight get up to
     * {@code drain-timeout} to finish, then every connection (watches and exec sessions too) is closed.
     */
    void onStop(@Observes ShutdownEvent event) {
        if (deploymentId == null) {
            return;
        }
        load.startDraining();
        vertx.cancelTimer(credentialTimer);
        try {
            load.onlyStreamsLeft().get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("proxy drain: %d requests still in flight after %s; closing them", load.inFlight() - load.streamsOpen(),
                    config.drainTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
        try {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("proxy did not stop cleanly: %s", e.getMessage());
        }
        deploymentId = null;
    }

    /** A reloaded certificate (the TLS registry's {@code reload-period}) is served to new connections at once. */
    void onCertificateUpdate(@Observes CertificateUpdatedEvent event) {
        if (deploymentId == null || config.tlsConfigurationName().isEmpty()
                || !config.tlsConfigurationName().get().equals(event.name())) {
            return;
        }
        SSLOptions ssl = new SSLOptions().setKeyCertOptions(event.tlsConfiguration().getKeyStoreOptions());
        for (ProxyVerticle instance : instances) {
            instance.updateSsl(ssl);
        }
        LOG.infof("proxy serves the reloaded certificate of quarkus.tls.%s", event.name());
    }

    private Config upstreamConfig() {
        if (config.upstream().kubeconfig().isPresent()) {
            File file = new File(config.upstream().kubeconfig().get());
            if (!file.canRead()) {
                throw new ProxySettings.Problem("clearance.proxy.upstream.kubeconfig", "cannot read " + file).exception();
            }
            try {
                return Config.fromKubeconfig(file);
            } catch (RuntimeException e) {
                throw new ProxySettings.Problem("clearance.proxy.upstream.kubeconfig", "does not load: " + e.getMessage()).exception();
            }
        }
        return kubernetes.get().getConfiguration();
    }

    private static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- shared with the per-instance verticles and requests --------------------------------------------------

    void register(ProxyVerticle instance) {
        instances.add(instance);
    }

    void unregister(ProxyVerticle instance) {
        instances.remove(instance);
    }

    /** Requests in flight, open streams, draining: shared by every event loop. */
    ProxyLoad load() {
        return load;
    }

    ProxyConfig config() {
        return config;
    }

    TokenReviews reviewer() {
        return reviewer;
    }

    AuditLog audit() {
        return audit;
    }

    Upstream upstream() {
        return upstream;
    }

    HttpServerOptions serverOptions() {
        return serverOptions;
    }

    // ---- for health checks and tests ---------------------------------------------------------------------------

    /** Whether proxy mode is on and its servers listen. */
    public boolean listening() {
        return deploymentId != null && !instances.isEmpty();
    }

    /** The port the proxy listens on (the chosen one when configured as 0), or -1 when it does not. */
    public int port() {
        return boundPort;
    }

    /** Whether the proxy is shutting down, turning new requests away. */
    boolean draining() {
        return load.draining();
    }

    public int inFlight() {
        return load.inFlight();
    }

    public int streamsOpen() {
        return load.streamsOpen();
    }
}
