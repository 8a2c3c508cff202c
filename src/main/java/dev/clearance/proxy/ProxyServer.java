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
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger streaming = new AtomicInteger();
    private final List<ProxyVerticle> instances = new CopyOnWriteArrayList<>();
    private volatile boolean draining;
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
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        validate(config);
        upstream = Upstream.from(upstreamConfig(), "clearance.proxy.upstream", config.upstream().connectTimeout(),
                Math.max(1, config.upstream().maxConnections() / eventLoops()));
        int port = config.port() == 0 ? freePort() : config.port();
        serverOptions = serverOptions(port);
        Gauge.builder("clearance.proxy.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Proxied requests in flight, streams included").register(meters);
        Gauge.builder("clearance.proxy.streams.open", streaming, AtomicInteger::get)
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
        draining = true;
        vertx.cancelTimer(credentialTimer);
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (inFlight.get() > streaming.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
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

    private static void validate(ProxyConfig config) {
        if (config.tlsConfigurationName().isEmpty() && !config.insecurePlainHttp()) {
            throw fail("clearance.proxy.tls-configuration-name", "must name a quarkus.tls.<name> configuration holding the "
                    + "proxy's certificate (or set clearance.proxy.insecure-plain-http=true, for loopback development only)");
        }
        if (config.port() < 0 || config.port() > 65535) {
            throw fail("clearance.proxy.port", "must be a TCP port (0 picks a free one), was " + config.port());
        }
        if (config.maxConcurrentRequests() < 1) {
            throw fail("clearance.proxy.max-concurrent-requests", "must be positive");
        }
        if (config.maxHeaderBytes() < 8192) {
            throw fail("clearance.proxy.max-header-bytes", "must be at least 8192: a token alone may take 16 KiB");
        }
        if (config.upstream().maxConnections() < 1) {
            throw fail("clearance.proxy.upstream.max-connections", "must be positive");
        }
        for (String p : List.of("connect-timeout", "response-header-timeout")) {
            Duration d = p.equals("connect-timeout") ? config.upstream().connectTimeout() : config.upstream().responseHeaderTimeout();
            if (d.isZero() || d.isNegative()) {
                throw fail("clearance.proxy.upstream." + p, "must be positive");
            }
        }
        if (config.idleTimeout().isZero() || config.idleTimeout().isNegative()) {
            throw fail("clearance.proxy.idle-timeout", "must be positive");
        }
        if (config.drainTimeout().isNegative()) {
            throw fail("clearance.proxy.drain-timeout", "must not be negative");
        }
    }

    private Config upstreamConfig() {
        if (config.upstream().kubeconfig().isPresent()) {
            File file = new File(config.upstream().kubeconfig().get());
            if (!file.canRead()) {
                throw fail("clearance.proxy.upstream.kubeconfig", "cannot read " + file);
            }
            try {
                return Config.fromKubeconfig(file);
            } catch (RuntimeException e) {
                throw fail("clearance.proxy.upstream.kubeconfig", "does not load: " + e.getMessage());
            }
        }
        return kubernetes.get().getConfiguration();
    }

    private HttpServerOptions serverOptions(int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxInitialLineLength(16 * 1024)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false)
                // HTTP/1.1 only (upgrades do not exist in HTTP/2); without h2c detection a connection is known, and its
                // idle timer running, from its accept rather than from its first bytes
                .setHttp2ClearTextEnabled(false);
        if (config.tlsConfigurationName().isPresent()) {
            String name = config.tlsConfigurationName().get();
            TlsConfiguration tls = tlsRegistry.get(name).orElseThrow(() -> fail("clearance.proxy.tls-configuration-name",
                    "names quarkus.tls." + name + ", which is not configured"));
            if (tls.getKeyStoreOptions() == null) {
                throw fail("clearance.proxy.tls-configuration-name", "names quarkus.tls." + name + ", which has no key store "
                        + "(certificate and key)");
            }
            // HTTP/1.1 only: connection upgrades (exec, attach, port-forward) do not exist in HTTP/2
            options.setSsl(true).setUseAlpn(false).setKeyCertOptions(tls.getKeyStoreOptions());
            SSLOptions ssl = tls.getSSLOptions();
            if (ssl != null) {
                ssl.getEnabledSecureTransportProtocols().forEach(options::addEnabledSecureTransportProtocol);
                ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
            }
        }
        return options;
    }

    /** The same trust and client identity as the HTTP client, for upgrade requests written by hand. */
    NetClientOptions netClientOptions() {
        var http = upstream.clientOptions();
        NetClientOptions options = new NetClientOptions()
                .setConnectTimeout(http.getConnectTimeout())
                .setSsl(http.isSsl())
                .setTrustAll(http.isTrustAll())
                .setTrustOptions(http.getTrustOptions())
                .setKeyCertOptions(http.getKeyCertOptions());
        if (http.isSsl() && http.isVerifyHost()) {
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        return options;
    }

    private static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ConfigurationException fail(String property, String problem) {
        return new ConfigurationException(property + " " + problem, Set.of(property));
    }

    // ---- shared with the per-instance verticles and requests --------------------------------------------------

    void register(ProxyVerticle instance) {
        instances.add(instance);
    }

    void unregister(ProxyVerticle instance) {
        instances.remove(instance);
    }

    /** Takes a slot for one request, or false when all {@code max-concurrent-requests} are taken. */
    boolean admit() {
        if (inFlight.incrementAndGet() > config.maxConcurrentRequests()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }

    void streamOpened() {
        streaming.incrementAndGet();
    }

    void streamClosed() {
        streaming.decrementAndGet();
    }

    boolean draining() {
        return draining;
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

    public int inFlight() {
        return inFlight.get();
    }

    public int streamsOpen() {
        return streaming.get();
    }
}
