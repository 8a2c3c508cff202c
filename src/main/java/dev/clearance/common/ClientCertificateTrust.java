package dev.clearance.common;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * The start-up check behind {@code clearance.tls.require-client-certificate}: a client certificate is only worth
 * requiring if the HTTP server verifies it against a trust store of our own. Without one, Vert.x falls back to the
 * JDK's trust store, and any certificate a public CA issued would pass as the API server; with {@code trust-all}
 * any certificate at all would. Both refuse start-up, as does a server that serves no TLS.
 */
final class ClientCertificateTrust {

    static final String REQUIRE = "clearance.tls.require-client-certificate";
    static final String CONFIGURATION_NAME = "quarkus.http.tls-configuration-name";

    /** How the HTTP server's TLS configuration vouches for client certificates; a closed set. */
    enum Trust {
        /** A trust store of its own: only certificates from those CAs pass the handshake. */
        TRUST_STORE,
        /** No trust store: the JDK's public CAs would vouch. */
        NONE,
        /** {@code trust-all}: every certificate would pass. */
        TRUST_ALL,
        /** {@code quarkus.http.tls-configuration-name} names a configuration the registry does not have. */
        NO_SUCH_CONFIGURATION
    }

    private ClientCertificateTrust() {}

    /** The trust of the configuration the HTTP server uses: the named one, or the default {@code quarkus.tls.*}. */
    static Trust of(TlsConfigurationRegistry registry, Optional<String> configurationName) {
        Optional<TlsConfiguration> tls = configurationName.isPresent() ? registry.get(configurationName.get()) : registry.getDefault();
        if (tls.isEmpty()) {
            return configurationName.isPresent() ? Trust.NO_SUCH_CONFIGURATION : Trust.NONE;
        }
        if (tls.get().isTrustAll()) {
            return Trust.TRUST_ALL;
        }
        return tls.get().getTrustStoreOptions() == null && tls.get().getTrustStore() == null ? Trust.NONE : Trust.TRUST_STORE;
    }

    /** Fails start-up with a sentence naming the properties when client certificates are required but not vouched for. */
    static void check(boolean required, Optional<String> configurationName, Trust trust) {
        if (!required || trust == Trust.TRUST_STORE) {
            return;
        }
        String prefix = configurationName.map(n -> "quarkus.tls." + n + ".").orElse("quarkus.tls.");
        String store = prefix + "trust-store.*";
        String which = configurationName.map(n -> "the TLS configuration " + CONFIGURATION_NAME + " names (" + n + ")")
                .orElse("the default TLS configuration (" + CONFIGURATION_NAME + " is not set)");
        String problem = switch (trust) {
            case NONE -> "but " + which + " has no trust store, so the JDK's public CAs would vouch for client "
                    + "certificates: set " + store + " to the CA that signs the API server's client certificate";
            case TRUST_ALL -> "but " + which + " sets " + prefix + "trust-all=true, so any client certificate would be "
                    + "accepted: remove it and set " + store + " to the CA that signs the API server's client certificate";
            case NO_SUCH_CONFIGURATION -> "but " + CONFIGURATION_NAME + " names " + configurationName.orElse("")
                    + ", which is not a quarkus.tls.<name> configuration: define " + store;
            case TRUST_STORE -> throw new IllegalStateException("unreachable");
        };
        throw new ConfigurationException(REQUIRE + "=true " + problem, Set.of(REQUIRE, store));
    }
}
