package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.config.ProxyConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each setting the proxy cannot run with, and the sentence start-up fails with. */
class ProxySettingsTest {

    /** {@code clearance.proxy.*} as a test writes it; the defaults are the documented ones, with a TLS configuration. */
    record Settings(Optional<String> tls, boolean plainHttp, int port, int maxHeaderBytes, int maxConcurrentRequests,
            Duration idleTimeout, Duration drainTimeout, int maxConnections, Duration connectTimeout,
            Duration responseHeaderTimeout) implements ProxyConfig {

        static Settings defaults() {
            return new Settings(Optional.of("proxy"), false, 9443, 32768, 2048, Duration.ofMinutes(2), Duration.ofSeconds(20), 2048,
                    Duration.ofSeconds(5), Duration.ofSeconds(60));
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String host() {
            return "0.0.0.0";
        }

        @Override
        public Optional<String> tlsConfigurationName() {
            return tls;
        }

        @Override
        public boolean insecurePlainHttp() {
            return plainHttp;
        }

        @Override
        public Upstream upstream() {
            return new Upstream() {
                @Override
                public Optional<String> kubeconfig() {
                    return Optional.empty();
                }

                @Override
                public Duration connectTimeout() {
                    return connectTimeout;
                }

                @Override
                public Duration responseHeaderTimeout() {
                    return responseHeaderTimeout;
                }

                @Override
                public int maxConnections() {
                    return maxConnections;
                }
            };
        }

        @Override
        public Rbac rbac() {
            throw new UnsupportedOperationException("not checked at start-up");
        }

        Settings withTls(Optional<String> v, boolean plain) {
            return new Settings(v, plain, port, maxHeaderBytes, maxConcurrentRequests, idleTimeout, drainTimeout, maxConnections,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withPort(int v) {
            return new Settings(tls, plainHttp, v, maxHeaderBytes, maxConcurrentRequests, idleTimeout, drainTimeout, maxConnections,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withMaxHeaderBytes(int v) {
            return new Settings(tls, plainHttp, port, v, maxConcurrentRequests, idleTimeout, drainTimeout, maxConnections,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withMaxConcurrentRequests(int v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, v, idleTimeout, drainTimeout, maxConnections, connectTimeout,
                    responseHeaderTimeout);
        }

        Settings withIdleTimeout(Duration v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, maxConcurrentRequests, v, drainTimeout, maxConnections,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withDrainTimeout(Duration v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, maxConcurrentRequests, idleTimeout, v, maxConnections,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withMaxConnections(int v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, maxConcurrentRequests, idleTimeout, drainTimeout, v,
                    connectTimeout, responseHeaderTimeout);
        }

        Settings withConnectTimeout(Duration v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, maxConcurrentRequests, idleTimeout, drainTimeout, maxConnections,
                    v, responseHeaderTimeout);
        }

        Settings withResponseHeaderTimeout(Duration v) {
            return new Settings(tls, plainHttp, port, maxHeaderBytes, maxConcurrentRequests, idleTimeout, drainTimeout, maxConnections,
                    connectTimeout, v);
        }
    }

    static Stream<Arguments> problems() {
        Settings s = Settings.defaults();
        return Stream.of(
                Arguments.of("no certificate and no plain-HTTP opt-in", s.withTls(Optional.empty(), false),
                        "clearance.proxy.tls-configuration-name must name a quarkus.tls.<name> configuration holding the proxy's "
                                + "certificate (or set clearance.proxy.insecure-plain-http=true, for loopback development only)"),
                Arguments.of("a negative port", s.withPort(-1), "clearance.proxy.port must be a TCP port (0 picks a free one), was -1"),
                Arguments.of("a port past 65535", s.withPort(65536),
                        "clearance.proxy.port must be a TCP port (0 picks a free one), was 65536"),
                Arguments.of("no concurrent requests", s.withMaxConcurrentRequests(0),
                        "clearance.proxy.max-concurrent-requests must be positive"),
                Arguments.of("a head too small for a token", s.withMaxHeaderBytes(8191),
                        "clearance.proxy.max-header-bytes must be at least 8192: a token alone may take 16 KiB"),
                Arguments.of("no upstream connections", s.withMaxConnections(0), "clearance.proxy.upstream.max-connections must be positive"),
                Arguments.of("a zero connect timeout", s.withConnectTimeout(Duration.ZERO),
                        "clearance.proxy.upstream.connect-timeout must be positive"),
                Arguments.of("a negative connect timeout", s.withConnectTimeout(Duration.ofSeconds(-1)),
                        "clearance.proxy.upstream.connect-timeout must be positive"),
                Arguments.of("a zero response-header timeout", s.withResponseHeaderTimeout(Duration.ZERO),
                        "clearance.proxy.upstream.response-header-timeout must be positive"),
                Arguments.of("a negative response-header timeout", s.withResponseHeaderTimeout(Duration.ofSeconds(-5)),
                        "clearance.proxy.upstream.response-header-timeout must be positive"),
                Arguments.of("a zero idle timeout", s.withIdleTimeout(Duration.ZERO), "clearance.proxy.idle-timeout must be positive"),
                Arguments.of("a negative idle timeout", s.withIdleTimeout(Duration.ofMillis(-1)),
                        "clearance.proxy.idle-timeout must be positive"),
                Arguments.of("a negative drain timeout", s.withDrainTimeout(Duration.ofSeconds(-1)),
                        "clearance.proxy.drain-timeout must not be negative"),
                Arguments.of("two problems: the first in documented order is named", s.withMaxConcurrentRequests(0).withPort(-1),
                        "clearance.proxy.port must be a TCP port (0 picks a free one), was -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void eachUnusableSettingIsNamed(String name, Settings settings, String message) {
        assertEquals(Optional.of(message), ProxySettings.check(settings).map(ProxySettings.Problem::message));
    }

    static Stream<Arguments> usable() {
        Settings s = Settings.defaults();
        return Stream.of(
                Arguments.of("the defaults with a certificate", s),
                Arguments.of("plain HTTP when opted in", s.withTls(Optional.empty(), true)),
                Arguments.of("port 0, a free one", s.withPort(0)),
                Arguments.of("port 65535", s.withPort(65535)),
                Arguments.of("the smallest head", s.withMaxHeaderBytes(8192)),
                Arguments.of("one request at a time", s.withMaxConcurrentRequests(1)),
                Arguments.of("no drain at all", s.withDrainTimeout(Duration.ZERO)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usable")
    void usableSettingsPass(String name, Settings settings) {
        assertEquals(Optional.empty(), ProxySettings.check(settings));
    }

    @Test
    void theProblemBecomesAConfigurationErrorNamingTheProperty() {
        var error = new ProxySettings.Problem("clearance.proxy.port", "must be a TCP port").exception();
        assertEquals("clearance.proxy.port must be a TCP port", error.getMessage());
        assertEquals(java.util.Set.of("clearance.proxy.port"), error.getConfigKeys());
    }
}
