package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Proxy mode: {@code clearance.proxy.*}. An impersonation proxy for clusters whose API server takes no webhook
 * flags (DESIGN.md, "Two ways into a cluster"). Validated at start-up by {@code proxy.ProxySettings}.
 */
@ConfigMapping(prefix = "clearance.proxy")
public interface ProxyConfig {

    /** Serve the impersonation proxy on its own port. */
    @WithDefault("false")
    boolean enabled();

    /** The interface the proxy listens on. */
    @WithDefault("0.0.0.0")
    String host();

    /** The proxy's port; kubeconfigs name it as the cluster {@code server}. 0 picks a free port (tests). */
    @WithDefault("9443")
    int port();

    /**
     * The {@code quarkus.tls.<name>} configuration whose certificate the proxy serves (reloads included). Required
     * unless {@code insecure-plain-http=true}.
     */
    Optional<String> tlsConfigurationName();

    /** Serve plain HTTP. Bearer tokens then cross the wire in clear: for loopback development and tests only. */
    @WithDefault("false")
    boolean insecurePlainHttp();

    /** The largest request head (request line plus headers) accepted; tokens travel in a header. */
    @WithDefault("32768")
    int maxHeaderBytes();

    /** Requests in flight at once, streams (watches, logs, exec) included; beyond it the answer is 429. */
    @WithDefault("2048")
    int maxConcurrentRequests();

    /**
     * How long a client connection may stay open holding no request: from its accept to its first complete request
     * head, and between requests when kept alive. Requests in flight (watches, logs, exec included) are never cut by
     * it. Longer than client-go's own 90 s idle-connection timeout, so clients close first.
     */
    @WithDefault("2m")
    Duration idleTimeout();

    /** On shutdown, how long requests in flight may finish before their connections are closed. */
    @WithDefault("20s")
    Duration drainTimeout();

    Upstream upstream();

    Rbac rbac();

    /** The real API server. */
    interface Upstream {
        /**
         * A kubeconfig (its current context) for the API server and the proxy's own credentials. Default: the
         * Kubernetes client's configuration, which is the in-cluster service account inside a pod.
         */
        Optional<String> kubeconfig();

        /** Time to open a connection to the API server. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time from sending a request to the API server's response head; streams then run without a limit. */
        @WithDefault("60s")
        Duration responseHeaderTimeout();

        /** Connections kept to the API server; each watch, log stream or exec session holds one. */
        @WithDefault("2048")
        int maxConnections();
    }

    /** RBAC materialisation: the group-namespace policy as RoleBindings, so that RBAC authorizes what the policy would. */
    interface Rbac {
        /** Keep the RoleBindings, ClusterRoles and ClusterRoleBindings; needs {@code namespace-source=kubernetes}. */
        @WithDefault("true")
        boolean enabled();

        /** A full comparison of everything owned against what should exist, besides reacting to changes. */
        @WithDefault("5m")
        Duration resyncInterval();
    }
}
