package dev.clearance.token;

import dev.clearance.common.ConfigProblem;
import dev.clearance.config.IssuerConfig;
import dev.clearance.config.IssuerKnobs;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One issuer's validated settings, whichever dialect configured it: the verifier works on this form only.
 * {@link #from} reads a {@code clearance.issuers.<name>} block ({@link IssuerConfig}) and turns every mistake into a
 * start-up failure that names the property; {@code FileIssuers} builds them from an {@code AuthenticationConfiguration}.
 *
 * @param caFile a PEM bundle trusted in addition to the system trust store (short form)
 * @param certificateAuthority when not empty, the only certificates trusted for discovery and JWKS (a file's
 *     {@code issuer.certificateAuthority}, as kube-apiserver uses it)
 * @param origin where it was configured, for messages: {@code clearance.issuers.<name>} or {@code jwt[<i>]}
 * @param definition what the issuer was configured from, compared on reload to tell which issuers changed
 */
public record IssuerSettings(
        String name,
        String issuer,
        Set<String> audiences,
        KeyLocation keyLocation,
        Optional<Path> caFile,
        List<X509Certificate> certificateAuthority,
        Set<JwsAlgorithm> algorithms,
        Duration clockSkew,
        Duration maxTokenLifetime,
        IdentityRules rules,
        Duration jwksRefreshInterval,
        Duration jwksMinRefreshInterval,
        Duration connectTimeout,
        Duration readTimeout,
        String origin,
        Object definition) {

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern EXTRA_KEY =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+/[a-z0-9]([-a-z0-9._/]*[a-z0-9])?");

    public IssuerSettings {
        audiences = Set.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
        certificateAuthority = List.copyOf(certificateAuthority);
    }

    /** Validates one {@code clearance.issuers.<name>} block. */
    public static IssuerSettings from(String name, IssuerConfig config) {
        String p = "clearance.issuers." + name + ".";
        String issuer = config.issuer().trim();
        URI issuerUri = checkUrl(p + "issuer", issuer);

        List<String> audiences = config.audiences().stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        if (audiences.isEmpty()) {
            throw fail(p + "audiences", "must name at least one audience (the cluster ID tokens are issued for)");
        }

        int sources = (config.discoveryUrl().isPresent() ? 1 : 0)
                + (config.jwksUrl().isPresent() ? 1 : 0)
                + (config.jwksFile().isPresent() ? 1 : 0);
        if (sources > 1) {
            throw fail(p + "jwks-url", "set only one of discovery-url, jwks-url and jwks-file");
        }
        KeyLocation keys;
        if (config.jwksFile().isPresent()) {
            Path file = config.jwksFile().get();
            if (!Files.isReadable(file)) {
                throw fail(p + "jwks-file", "cannot read " + file);
            }
            keys = new KeyLocation.JwksFile(file);
        } else if (config.jwksUrl().isPresent()) {
            keys = new KeyLocation.JwksUrl(checkUrl(p + "jwks-url", config.jwksUrl().get().toString()));
        } else {
            URI discovery = config.discoveryUrl()
                    .map(u -> checkUrl(p + "discovery-url", u.toString()))
                    .orElseGet(() -> URI.create(stripTrailingSlash(issuerUri.toString()) + "/.well-known/openid-configuration"));
            keys = new KeyLocation.Discovery(discovery);
        }
        config.caFile().ifPresent(ca -> {
            if (!Files.isReadable(ca)) {
                throw fail(p + "ca-file", "cannot read " + ca);
            }
        });

        Knobs knobs = knobs(p, config);

        ClaimMapping claims = new ClaimMapping(
                nonBlank(p + "username-claim", config.usernameClaim()),
                checkPrefix(p + "username-prefix", config.usernamePrefix()),
                nonBlank(p + "groups-claim", config.groupsClaim()),
                checkPrefix(p + "groups-prefix", config.groupsPrefix()),
                config.uidClaim().map(String::trim).filter(c -> !c.isEmpty()),
                extraKeys(p, config.extra()));

        return new IssuerSettings(name, issuer, Set.copyOf(audiences), keys, config.caFile(), List.of(), knobs.algorithms(),
                knobs.clockSkew(), knobs.maxTokenLifetime(), new ShortFormRules(claims, config.requiredClaims()),
                knobs.jwksRefreshInterval(), knobs.jwksMinRefreshInterval(), knobs.connectTimeout(), knobs.readTimeout(),
                "clearance.issuers." + name, "clearance.issuers." + name);
    }

    /** The settings clearance adds to an issuer, whichever dialect configured it. */
    record Knobs(Set<JwsAlgorithm> algorithms, Duration clockSkew, Duration maxTokenLifetime, Duration jwksRefreshInterval,
            Duration jwksMinRefreshInterval, Duration connectTimeout, Duration readTimeout) {}

    /** Validates the clearance-only settings of an issuer, as configured. */
    static Knobs knobs(String p, IssuerKnobs k) {
        return knobs(p, k.algorithms(), k.clockSkew(), k.maxTokenLifetime(), k.jwksRefreshInterval(),
                k.jwksMinRefreshInterval(), k.connectTimeout(), k.readTimeout());
    }

    /**
     * Validates the clearance-only settings of an issuer.
     *
     * @param p the property prefix the messages name, ending with a dot
     */
    static Knobs knobs(String p, List<String> algorithmNames, Duration skew, Duration maxTokenLifetime,
            Duration jwksRefreshInterval, Duration jwksMinRefreshInterval, Duration connectTimeout, Duration readTimeout) {
        Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
        for (String raw : algorithmNames) {
            String alg = raw.trim();
            if (alg.equalsIgnoreCase("none") || alg.toUpperCase().startsWith("HS")) {
                throw fail(p + "algorithms", alg + " is unsigned or symmetric and is never allowed; choose from "
                        + JwsAlgorithm.allNames());
            }
            algorithms.add(JwsAlgorithm.byJwaName(alg).orElseThrow(() -> fail(p + "algorithms",
                    "unknown algorithm " + alg + "; choose from " + JwsAlgorithm.allNames())));
        }
        if (algorithms.isEmpty()) {
            throw fail(p + "algorithms", "must allow at least one algorithm");
        }
        if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw fail(p + "clock-skew", "must be between 0s and 5m, was " + skew);
        }
        if (maxTokenLifetime.isNegative()) {
            throw fail(p + "max-token-lifetime", "must not be negative (0 disables the check)");
        }
        positive(p + "jwks-refresh-interval", jwksRefreshInterval);
        positive(p + "jwks-min-refresh-interval", jwksMinRefreshInterval);
        positive(p + "connect-timeout", connectTimeout);
        positive(p + "read-timeout", readTimeout);
        if (jwksMinRefreshInterval.compareTo(jwksRefreshInterval) > 0) {
            throw fail(p + "jwks-min-refresh-interval", "must not be longer than jwks-refresh-interval");
        }
        return new Knobs(algorithms, skew, maxTokenLifetime, jwksRefreshInterval, jwksMinRefreshInterval, connectTimeout,
                readTimeout);
    }

    /** Whether a URL may be fetched: https anywhere, plain http only on the loopback interface (development). */
    static boolean fetchable(URI url) {
        if ("https".equals(url.getScheme())) {
            return url.getHost() != null;
        }
        return "http".equals(url.getScheme()) && isLoopback(url.getHost());
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    static URI checkUrl(String property, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw fail(property, "is not a URL: " + value);
        }
        if (!fetchable(uri)) {
            throw fail(property, "must be an https URL (plain http is accepted only for localhost), was " + value);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw fail(property, "must have no query, fragment or user info, was " + value);
        }
        return uri;
    }

    private static Map<String, String> extraKeys(String p, Map<String, String> extra) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String key = e.getKey();
            String domain = key.substring(0, Math.max(0, key.indexOf('/')));
            if (!EXTRA_KEY.matcher(key).matches()) {
                throw fail(p + "extra.\"" + key + "\"", "extra keys are lower-case, domain-prefixed paths such as "
                        + "clearance.dev/platform-host");
            }
            if (domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io")
                    || domain.equals("k8s.io") || domain.endsWith(".k8s.io")) {
                throw fail(p + "extra.\"" + key + "\"", "keys under kubernetes.io and k8s.io are reserved for Kubernetes");
            }
            checked.put(key, nonBlank(p + "extra.\"" + key + "\"", e.getValue()));
        }
        return checked;
    }

    /**
     * A prefix must keep every mapped name out of Kubernetes' reserved {@code system:} space, whatever the claim:
     * not empty, not inside {@code system:} and not a beginning of it ({@code sys} plus a claim {@code tem:masters}
     * is {@code system:masters}). It obeys the identity-string rule too, as it starts every mapped name. The
     * authorizer's {@code clearance.authz.group-prefix} is held to the same rule.
     *
     * @throws ConfigurationException naming {@code property}
     */
    public static String checkPrefix(String property, String value) {
        if (value.isBlank()) {
            throw fail(property, "must not be empty: unprefixed names could impersonate Kubernetes' own users and groups");
        }
        if (value.startsWith("system:")) {
            throw fail(property, "must not start with system:, which is reserved for Kubernetes");
        }
        if ("system:".startsWith(value)) {
            throw fail(property, "must not be a beginning of system: (" + value + " followed by a claim such as "
                    + "system:".substring(value.length()) + "masters would name system:masters, reserved for Kubernetes)");
        }
        String problem = IdentityStrings.problem(value);
        if (problem != null) {
            throw fail(property, problem + "; a prefix starts every mapped name, and names may not begin or end with "
                    + "whitespace or contain control characters (proxy mode sends them as HTTP headers)");
        }
        return value;
    }

    private static String nonBlank(String property, String value) {
        if (value == null || value.isBlank()) {
            throw fail(property, "must not be empty");
        }
        return value.trim();
    }

    private static void positive(String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw fail(property, "must be a positive duration, was " + value);
        }
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static ConfigurationException fail(String property, String problem) {
        return ConfigProblem.at(property, problem);
    }

    /** Checks that need every issuer at once. */
    public static void checkDistinct(List<IssuerSettings> issuers) {
        List<String> seen = new ArrayList<>();
        for (IssuerSettings s : issuers) {
            if (seen.contains(s.issuer())) {
                String where = s.origin().startsWith("clearance.issuers.") ? s.origin() + ".issuer" : s.origin() + ".issuer.url";
                throw fail(where, "repeats the issuer " + s.issuer() + " of another clearance.issuers block or "
                        + "AuthenticationConfiguration entry; each issuer may be configured once");
            }
            seen.add(s.issuer());
        }
    }
}
