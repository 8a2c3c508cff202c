package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The TokenReview webhook: {@code clearance.authn.*}. */
@ConfigMapping(prefix = "clearance.authn")
public interface AuthnConfig {

    /**
     * How long a verdict is reused for the same token and audiences. An accepted token is never cached
     * beyond its {@code exp}, a refused one never beyond 10 seconds. 0 disables the cache.
     */
    @WithDefault("2m")
    Duration cacheTtl();

    /**
     * The API server's {@code --api-audiences}. Unset: every requested audience is answered as if it were the
     * API server's own (third parties such as Vault asking about other audiences get a yes).
     */
    Optional<List<String>> apiAudiences();

    /**
     * The most memory the verdict cache may hold, estimated per entry (its key, identity and audiences): the oldest
     * entries go first beyond it. Unset: a fifth of the JVM's maximum heap, so the cache fits whatever heap the
     * Deployment gives clearance (a count does not: 100,000 entries held about 107 MiB).
     */
    Optional<io.quarkus.runtime.configuration.MemorySize> cacheMaxMemory();

    /**
     * Verify signatures with the Amazon Corretto Crypto Provider (AWS-LC, native) when its library loads on this
     * machine, chosen per verification (the JVM's TLS is unchanged). False, or when it cannot load: the JDK, and
     * BouncyCastle for ECDSA.
     */
    @WithDefault("true")
    boolean nativeCrypto();

    /** Longer tokens are refused before any parsing. */
    @WithDefault("16384")
    int maxTokenBytes();

    /** Tokens carrying more groups than this are refused. */
    @WithDefault("256")
    int maxGroups();

    /**
     * Kubernetes' own {@code AuthenticationConfiguration} file (apiserver.config.k8s.io/v1, v1beta1 or v1alpha1, YAML
     * or JSON), the file kube-apiserver reads with {@code --authentication-config}. Its {@code jwt[]} entries are
     * trusted issuers, together with any {@code clearance.issuers.*} blocks. Watched and reloaded live.
     */
    Optional<Path> configFile();

    /** How often the configuration file is read again to see whether it changed. */
    @WithDefault("10s")
    Duration configPollInterval();

    /**
     * How long a changed file's new issuers may take to get their signing keys. A reload whose issuers have none by
     * then is refused (counted as a failure) and the last good configuration stays; it is tried again.
     */
    @WithDefault("1m")
    Duration configReloadTimeout();

    /** What clearance adds to the issuers of the configuration file: {@code clearance.authn.file-issuers.*}. */
    FileIssuers fileIssuers();

    /**
     * Settings kube-apiserver's file has no field for, applied to every {@code jwt[]} entry: the {@link IssuerKnobs}
     * (clearance's defaults, stricter than kube-apiserver's where the README says so) and more.
     */
    interface FileIssuers extends IssuerKnobs {
        /**
         * Usernames and groups in Kubernetes' reserved {@code system:} space are refused unless this is true. A file
         * may map claims without a prefix (kube-apiserver allows that), and a token naming {@code system:masters} as
         * a group must not become a cluster administrator through clearance.
         */
        @WithDefault("false")
        boolean allowSystemNames();

        /**
         * Per-issuer settings: {@code clearance.authn.file-issuers.issuer.<name>.url} names a {@code jwt[].issuer.url}
         * exactly; the block's other keys replace the defaults above for that issuer, and may give static keys
         * ({@code jwks-file}) or a JWKS URL instead of discovery. {@code <name>} is the issuer's name in logs and metrics.
         */
        @WithName("issuer")
        Map<String, FileIssuer> byName();
    }

    /** One file issuer's own settings: {@code clearance.authn.file-issuers.issuer.<name>.*}. */
    interface FileIssuer {
        /** The {@code jwt[].issuer.url} this block applies to, exactly. */
        String url();

        Optional<List<String>> algorithms();

        Optional<Duration> clockSkew();

        Optional<Duration> maxTokenLifetime();

        Optional<Duration> jwksRefreshInterval();

        Optional<Duration> jwksMinRefreshInterval();

        Optional<Duration> connectTimeout();

        Optional<Duration> readTimeout();

        /** A static JWKS file used instead of discovery: no network at all (air-gapped). */
        Optional<Path> jwksFile();

        /** A JWKS URL used instead of discovery. */
        Optional<URI> jwksUrl();
    }
}
