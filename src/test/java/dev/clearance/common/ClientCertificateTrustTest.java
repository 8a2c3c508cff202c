package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.common.ClientCertificateTrust.Trust;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Start-up refuses {@code clearance.tls.require-client-certificate=true} unless the HTTP server's TLS configuration
 * (the one {@code quarkus.http.tls-configuration-name} names, else the default) has a trust store of its own.
 */
class ClientCertificateTrustTest {

    static final TrustOptions OUR_CA = new PemTrustOptions().addCertPath("/etc/clearance/tls/ca.crt");

    record Case(String name, Optional<String> configurationName, FakeRegistry registry, Trust trust, List<String> named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("the named configuration has a key store but no trust store", Optional.of("webhooks"),
                        new FakeRegistry().with("webhooks", new FakeTls(null, false)), Trust.NONE,
                        List.of("quarkus.tls.webhooks.trust-store.*", "JDK's public CAs")),
                new Case("no configuration is named and the default has no trust store", Optional.empty(),
                        new FakeRegistry().withDefault(new FakeTls(null, false)), Trust.NONE,
                        List.of("quarkus.tls.trust-store.*", "quarkus.http.tls-configuration-name is not set")),
                new Case("no configuration is named and there is no default (no TLS at all)", Optional.empty(),
                        new FakeRegistry(), Trust.NONE, List.of("quarkus.tls.trust-store.*")),
                new Case("only the default has a trust store, but the server uses the named one", Optional.of("webhooks"),
                        new FakeRegistry().withDefault(new FakeTls(OUR_CA, false)).with("webhooks", new FakeTls(null, false)),
                        Trust.NONE, List.of("quarkus.tls.webhooks.trust-store.*")),
                new Case("the named configuration trusts all certificates", Optional.of("webhooks"),
                        new FakeRegistry().with("webhooks", new FakeTls(OUR_CA, true)), Trust.TRUST_ALL,
                        List.of("quarkus.tls.webhooks.trust-all=true")),
                new Case("the configuration named does not exist", Optional.of("webhokks"),
                        new FakeRegistry().with("webhooks", new FakeTls(OUR_CA, false)), Trust.NO_SUCH_CONFIGURATION,
                        List.of("names webhokks", "quarkus.tls.webhokks.trust-store.*")));
    }

    @ParameterizedTest(name = "refuses to start: {0}")
    @MethodSource("refusals")
    void refusesToStartWithoutATrustStoreOfItsOwn(Case c) {
        Trust trust = ClientCertificateTrust.of(c.registry(), c.configurationName());

        ConfigurationException refusal = assertThrows(ConfigurationException.class,
                () -> ClientCertificateTrust.check(true, c.configurationName(), trust));

        assertEquals(c.trust(), trust);
        assertTrue(refusal.getMessage().startsWith("clearance.tls.require-client-certificate=true "), refusal.getMessage());
        for (String words : c.named()) {
            assertTrue(refusal.getMessage().contains(words), words + " in: " + refusal.getMessage());
        }
        assertTrue(refusal.getConfigKeys().contains(ClientCertificateTrust.REQUIRE), refusal.getConfigKeys().toString());
    }

    @Test
    void startsWhenTheNamedConfigurationHasATrustStore() {
        FakeRegistry registry = new FakeRegistry().with("webhooks", new FakeTls(OUR_CA, false));

        assertEquals(Trust.TRUST_STORE, ClientCertificateTrust.of(registry, Optional.of("webhooks")));
        assertDoesNotThrow(() -> ClientCertificateTrust.check(true, Optional.of("webhooks"), Trust.TRUST_STORE));
    }

    @Test
    void startsWhenNoneIsNamedAndTheDefaultHasATrustStore() {
        assertEquals(Trust.TRUST_STORE, ClientCertificateTrust.of(new FakeRegistry().withDefault(new FakeTls(OUR_CA, false)),
                Optional.empty()));
    }

    @Test
    void checksNothingWhenClientCertificatesAreNotRequired() {
        assertDoesNotThrow(() -> ClientCertificateTrust.check(false, Optional.empty(), Trust.NONE));
    }

    /** A registry holding the given configurations. */
    static final class FakeRegistry implements TlsConfigurationRegistry {
        private final Map<String, TlsConfiguration> named = new HashMap<>();
        private TlsConfiguration defaults;

        FakeRegistry with(String name, TlsConfiguration tls) {
            named.put(name, tls);
            return this;
        }

        FakeRegistry withDefault(TlsConfiguration tls) {
            defaults = tls;
            return this;
        }

        @Override
        public Optional<TlsConfiguration> get(String name) {
            return Optional.ofNullable(named.get(name));
        }

        @Override
        public Optional<TlsConfiguration> getDefault() {
            return Optional.ofNullable(defaults);
        }

        @Override
        public void register(String name, TlsConfiguration configuration) {
            named.put(name, configuration);
        }
    }

    /** A TLS configuration with or without trust options; a key store is assumed and not looked at. */
    record FakeTls(TrustOptions trustStoreOptions, boolean trustAll) implements TlsConfiguration {
        @Override
        public KeyStore getKeyStore() {
            return null;
        }

        @Override
        public KeyCertOptions getKeyStoreOptions() {
            return null;
        }

        @Override
        public KeyStore getTrustStore() {
            return null;
        }

        @Override
        public TrustOptions getTrustStoreOptions() {
            return trustStoreOptions;
        }

        @Override
        public SSLOptions getSSLOptions() {
            return null;
        }

        @Override
        public SSLContext createSSLContext() {
            return null;
        }

        @Override
        public boolean isTrustAll() {
            return trustAll;
        }

        @Override
        public Optional<String> getHostnameVerificationAlgorithm() {
            return Optional.empty();
        }

        @Override
        public boolean usesSni() {
            return false;
        }

        @Override
        public boolean reload() {
            return false;
        }
    }
}
