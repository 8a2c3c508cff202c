package dev.clearance.proxy;

import dev.clearance.config.ProxyConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SSLOptions;

/** The Vert.x options of the proxy's listening server and of its raw client for upgrades, from the configuration. */
final class ProxyOptions {

    private ProxyOptions() {}

    /**
     * HTTP/1.1 only (upgrades do not exist in HTTP/2), no compression either way, heads bounded by
     * {@code max-header-bytes}, TLS from the named {@code quarkus.tls} configuration.
     *
     * @throws ConfigurationException when the TLS configuration is missing or holds no certificate and key
     */
    static HttpServerOptions server(ProxyConfig config, int port, TlsConfigurationRegistry tlsRegistry) {
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
            String property = "clearance.proxy.tls-configuration-name";
            TlsConfiguration tls = tlsRegistry.get(name).orElseThrow(() -> new ProxySettings.Problem(property,
                    "names quarkus.tls." + name + ", which is not configured").exception());
            if (tls.getKeyStoreOptions() == null) {
                throw new ProxySettings.Problem(property, "names quarkus.tls." + name + ", which has no key store "
                        + "(certificate and key)").exception();
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

    /** The same trust and client identity as the HTTP client's, for upgrade requests written by hand. */
    static NetClientOptions netClient(HttpClientOptions http) {
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
}
