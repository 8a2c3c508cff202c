package dev.clearance.kubeconfig;

import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.KubeconfigConfig;
import dev.clearance.config.ProxyConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The start-up check of {@code clearance.kubeconfig.*}: turns the configuration into a {@link KubeconfigSpec}, or
 * into the sentence {@code GET /kubeconfig} answers when there is too little to render one (no server, or no exec
 * plugin). A value that is set but wrong throws a {@link io.quarkus.runtime.configuration.ConfigurationException}
 * naming its property: start-up fails rather than serving a kubeconfig that cannot work.
 */
final class KubeconfigSettings {

    static final String PREFIX = "clearance.kubeconfig.";
    static final int MAX_CA_BYTES = 1 << 20;

    /** Whether a kubeconfig can be served. */
    sealed interface Availability {
        /** Configured: the kubeconfig to serve. */
        record Available(KubeconfigSpec spec) implements Availability {}

        /** Not configured: what to set, for the 404. */
        record Unavailable(String message) implements Availability {}
    }

    private KubeconfigSettings() {}

    static Availability resolve(KubeconfigConfig config, DevIssuerConfig devIssuer, ProxyConfig proxy) {
        boolean plainHttp = devIssuer.enabled() || (proxy.enabled() && proxy.insecurePlainHttp());
        String cluster = Checks.name(PREFIX + "cluster-name", config.clusterName());
        String context = Checks.name(PREFIX + "context-name", config.contextName().orElse(cluster));
        String user = Checks.name(PREFIX + "user-name", config.userName().orElse(context));
        Optional<String> namespace = config.namespace().map(ns -> Checks.namespace(PREFIX + "namespace", ns));
        Optional<String> server = config.server().map(s -> Checks.url(PREFIX + "server", s, plainHttp));
        Optional<String> ca = config.certificateAuthority().map(KubeconfigSettings::caPem);
        Optional<UserPlugin> plugin = plugin(config, devIssuer, plainHttp);

        if (server.isEmpty() && proxy.enabled() && proxy.port() > 0) {
            server = Optional.of((proxy.insecurePlainHttp() ? "http" : "https") + "://localhost:" + proxy.port());
        }
        if (server.isEmpty()) {
            return new Availability.Unavailable("no kubeconfig is configured here: set " + PREFIX + "server (the API "
                    + "server in webhook mode, the proxy in proxy mode)");
        }
        if (plugin.isEmpty()) {
            return new Availability.Unavailable("no kubeconfig is configured here: set " + PREFIX + "cli.command or "
                    + PREFIX + "kubelogin.issuer-url (the exec plugin that gets the user's token)");
        }
        return new Availability.Available(new KubeconfigSpec(cluster, context, user, namespace, server.get(), ca,
                plugin.get()));
    }

    private static Optional<UserPlugin> plugin(KubeconfigConfig config, DevIssuerConfig devIssuer, boolean plainHttp) {
        KubeconfigConfig.Cli cli = config.cli();
        KubeconfigConfig.Kubelogin kubelogin = config.kubelogin();
        if (cli.command().isPresent() && kubelogin.issuerUrl().isPresent()) {
            throw Checks.bad(PREFIX + "cli.command", "and " + PREFIX + "kubelogin.issuer-url are both set: choose one "
                    + "exec plugin");
        }
        if (cli.command().isPresent()) {
            return Optional.of(new UserPlugin.PlatformCli(cli(cli)));
        }
        if (kubelogin.issuerUrl().isPresent()) {
            String issuer = Checks.url(PREFIX + "kubelogin.issuer-url", kubelogin.issuerUrl().get(), plainHttp);
            String clientId = Checks.nonEmpty(PREFIX + "kubelogin.client-id", kubelogin.clientId().orElseThrow(
                    () -> Checks.bad(PREFIX + "kubelogin.client-id", "is required with " + PREFIX + "kubelogin.issuer-url")));
            List<String> extra = items(PREFIX + "kubelogin.extra-args", kubelogin.extraArgs().orElse(List.of()));
            return Optional.of(new UserPlugin.Kubelogin(issuer, clientId, extra));
        }
        if (kubelogin.clientId().isPresent() || kubelogin.extraArgs().isPresent()) {
            throw Checks.bad(PREFIX + "kubelogin.issuer-url", "is required with the other kubelogin.* keys");
        }
        if (cli.args().isPresent() || !cli.env().isEmpty() || cli.installHint().isPresent()) {
            throw Checks.bad(PREFIX + "cli.command", "is required with the other cli.* keys");
        }
        if (!devIssuer.enabled()) {
            return Optional.empty();
        }
        String tokenUrl = Checks.shellSafe("clearance.dev-issuer.issuer",
                Checks.url("clearance.dev-issuer.issuer", devIssuer.issuer(), true) + "/token");
        String user = Checks.shellSafe(PREFIX + "dev-user", config.devUser());
        List<String> groups = new ArrayList<>();
        for (String group : bounded(PREFIX + "dev-groups", config.devGroups())) {
            groups.add(Checks.shellSafe(PREFIX + "dev-groups", group));
        }
        return Optional.of(new UserPlugin.DevIssuerCurl(tokenUrl, user, groups));
    }

    private static ExecPlugin cli(KubeconfigConfig.Cli cli) {
        String command = Checks.nonEmpty(PREFIX + "cli.command", cli.command().get());
        List<String> args = items(PREFIX + "cli.args", cli.args().orElse(List.of()));
        List<ExecPlugin.EnvVar> env = new ArrayList<>();
        if (cli.env().size() > Checks.MAX_ITEMS) {
            throw Checks.bad(PREFIX + "cli.env", "must have at most " + Checks.MAX_ITEMS + " entries");
        }
        for (Map.Entry<String, String> e : new TreeMap<>(cli.env()).entrySet()) {
            String property = PREFIX + "cli.env." + e.getKey();
            env.add(new ExecPlugin.EnvVar(Checks.envName(property, e.getKey()),
                    Checks.text(property, e.getValue(), Checks.MAX_TEXT, false)));
        }
        Optional<String> hint = cli.installHint().map(h -> Checks.text(PREFIX + "cli.install-hint", h, Checks.MAX_TEXT, true));
        return new ExecPlugin(command, args, env, hint, interactiveMode(cli.interactiveMode()));
    }

    private static ExecPlugin.InteractiveMode interactiveMode(String value) {
        for (ExecPlugin.InteractiveMode mode : ExecPlugin.InteractiveMode.values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw Checks.bad(PREFIX + "cli.interactive-mode", "must be Never, IfAvailable or Always");
    }

    private static List<String> items(String property, List<String> values) {
        for (String value : bounded(property, values)) {
            Checks.text(property, value, Checks.MAX_TEXT, false);
        }
        return values;
    }

    private static List<String> bounded(String property, List<String> values) {
        if (values.size() > Checks.MAX_ITEMS) {
            throw Checks.bad(property, "must have at most " + Checks.MAX_ITEMS + " entries, had " + values.size());
        }
        return values;
    }

    /** The CA file's PEM, read once: at most 1 MiB, and only X.509 certificates that parse. */
    static String caPem(String path) {
        String property = PREFIX + "certificate-authority";
        byte[] bytes;
        try {
            bytes = Files.size(Path.of(path)) > MAX_CA_BYTES ? null : Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw Checks.bad(property, "cannot be read: " + path + " (" + e.getMessage() + ")");
        }
        if (bytes == null) {
            throw Checks.bad(property, "must be a PEM file of at most 1 MiB: " + path);
        }
        for (byte b : bytes) {
            if (b < 0) {
                throw Checks.bad(property, "must be a PEM file (ASCII only): " + path);
            }
        }
        String pem = new String(bytes, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw Checks.bad(property, "must be a PEM file of CA certificates (-----BEGIN CERTIFICATE-----): " + path);
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)).isEmpty()) {
                throw Checks.bad(property, "holds no certificate: " + path);
            }
        } catch (CertificateException e) {
            throw Checks.bad(property, "holds a certificate that does not parse: " + path + " (" + e.getMessage() + ")");
        }
        return pem;
    }
}
