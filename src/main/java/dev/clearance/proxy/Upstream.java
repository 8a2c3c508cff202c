package dev.clearance.proxy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The real API server and the proxy's own credentials for it, from a fabric8 {@link Config}: the in-cluster service
 * account inside a pod, or a kubeconfig. The bearer token is re-read every minute, because projected service
 * account tokens rotate (kubelet rewrites the file well before expiry).
 */
public final class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    static final Duration TOKEN_REFRESH = Duration.ofMinutes(1);

    private final String host;
    private final int port;
    private final boolean tls;
    private final String basePath;
    private final HttpClientOptions clientOptions;
    private volatile Config config;
    private volatile String token;
    /** {@code "Bearer " + token}, remade when the token changes; a benign race (each thread may make its own). */
    private volatile Authorization authorization;

    private Upstream(Config config, String host, int port, boolean tls, String basePath, HttpClientOptions clientOptions) {
        this.config = config;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.basePath = basePath;
        this.clientOptions = clientOptions;
        this.token = tokenOf(config);
    }

    /**
     * @param property the configuration property the settings came from, named in errors
     */
    static Upstream from(Config config, String property, Duration connectTimeout, int maxConnections) {
        URI url;
        try {
            url = URI.create(config.getMasterUrl());
        } catch (RuntimeException e) {
            throw new ConfigurationException(property + ": the API server URL " + config.getMasterUrl() + " does not parse",
                    Set.of(property));
        }
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        if (!tls && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new ConfigurationException(property + ": the API server URL must be http(s)://host[:port], was "
                    + config.getMasterUrl(), Set.of(property));
        }
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String basePath = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setMaxPoolSize(maxConnections)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setMaxHeaderSize(64 * 1024)
                .setMaxWaitQueueSize(maxConnections);
        if (tls) {
            options.setSsl(true).setVerifyHost(!config.isDisableHostnameVerification());
            if (config.isTrustCerts()) {
                LOG.warnf("%s: the API server's certificate is not verified (insecure-skip-tls-verify)", property);
                options.setTrustAll(true).setVerifyHost(false);
            } else if (config.getCaCertData() != null || config.getCaCertFile() != null) {
                PemTrustOptions trust = new PemTrustOptions();
                if (config.getCaCertData() != null) {
                    trust.addCertValue(Buffer.buffer(decodePem(config.getCaCertData())));
                } else {
                    trust.addCertPath(config.getCaCertFile());
                }
                options.setTrustOptions(trust);
            }
            if (config.getClientCertData() != null || config.getClientCertFile() != null) {
                PemKeyCertOptions identity = new PemKeyCertOptions();
                if (config.getClientCertData() != null) {
                    identity.addCertValue(Buffer.buffer(decodePem(config.getClientCertData())));
                } else {
                    identity.addCertPath(config.getClientCertFile());
                }
                if (config.getClientKeyData() != null) {
                    identity.addKeyValue(Buffer.buffer(decodePem(config.getClientKeyData())));
                } else if (config.getClientKeyFile() != null) {
                    identity.addKeyPath(config.getClientKeyFile());
                }
                options.setKeyCertOptions(identity);
            }
        }
        return new Upstream(config, url.getHost(), port, tls, basePath, options);
    }

    /** kubeconfig {@code *-data} fields are base64 of PEM; fabric8 sometimes hands PEM through as it is. */
    private static byte[] decodePem(String data) {
        if (data.contains("-----BEGIN")) {
            return data.getBytes(StandardCharsets.US_ASCII);
        }
        return Base64.getMimeDecoder().decode(data);
    }

    private static String tokenOf(Config config) {
        OAuthTokenProvider provider = config.getOauthTokenProvider();
        if (provider != null) {
            return provider.getToken();
        }
        if (config.getOauthToken() != null && !config.getOauthToken().isEmpty()) {
            return config.getOauthToken();
        }
        String auto = config.getAutoOAuthToken();
        return auto == null || auto.isEmpty() ? null : auto;
    }

    /**
     * The proxy's {@code Authorization} value for the API server ({@code Bearer <token>}, made once per token, not per
     * request), or null when it authenticates with a client certificate.
     */
    String authorization() {
        String current = token;
        if (current == null) {
            return null;
        }
        Authorization made = authorization;
        if (made == null || made.token() != current) { // the same token object until a refresh replaces it
            made = new Authorization(current, "Bearer " + current);
            authorization = made;
        }
        return made.value();
    }

    private record Authorization(String token, String value) {}

    /** Re-reads the credentials (blocking: a file, or a kubeconfig's token provider); call once a minute. */
    void refreshCredentials() {
        try {
            Config refreshed = config.refresh();
            config = refreshed;
            String fresh = tokenOf(refreshed);
            if (fresh != null) {
                token = fresh;
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot re-read the proxy's API server credentials (%s); keeping the current ones", e.getMessage());
        }
    }

    HttpClientOptions clientOptions() {
        return clientOptions;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean tls() {
        return tls;
    }

    /** A path prefix of the API server URL (Rancher-style cluster proxies), empty for most. */
    String basePath() {
        return basePath;
    }

    /** For logs: where requests go, never a credential. */
    String describe() {
        return (tls ? "https://" : "http://") + host + ":" + port + basePath;
    }
}
