package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users' kubeconfig served at {@code GET /kubeconfig}: {@code clearance.kubeconfig.*}. It holds no secret (the
 * token comes from the exec plugin on the user's machine), so anyone may fetch it. Validated at start-up by
 * {@code kubeconfig.KubeconfigSettings}.
 */
@ConfigMapping(prefix = "clearance.kubeconfig")
public interface KubeconfigConfig {

    /** The kubeconfig's cluster entry, e.g. {@code pw#prod-eu}. */
    @WithDefault("clearance")
    String clusterName();

    /** The context, made current. Default: the cluster name. */
    Optional<String> contextName();

    /** The user entry. Default: the context name. */
    Optional<String> userName();

    /** The context's default namespace; none by default. */
    Optional<String> namespace();

    /**
     * The cluster's {@code server}: the API server in webhook mode, the proxy in proxy mode. Default in proxy mode
     * only: {@code https://localhost:<clearance.proxy.port>} ({@code http://} with the proxy's insecure-plain-http),
     * a development default; set it in production.
     */
    Optional<String> server();

    /** A PEM file with the CA certificate(s) the server's certificate chains to, embedded as certificate-authority-data. */
    Optional<String> certificateAuthority();

    /** The platform's own CLI as the exec plugin. */
    Cli cli();

    /** kubelogin ({@code kubectl oidc-login get-token}) as the exec plugin. */
    Kubelogin kubelogin();

    /** With the development issuer and no other plugin: the user the curl plugin mints tokens for. */
    @WithDefault("alice")
    String devUser();

    /** With the development issuer and no other plugin: the groups the curl plugin mints tokens with. */
    @WithDefault("team-a")
    List<String> devGroups();

    /** The platform's CLI, e.g. {@code pw kube token}. */
    interface Cli {
        /** The command the exec plugin runs; setting it chooses this plugin. */
        Optional<String> command();

        /** Its arguments ({@code args[0]=…} for an argument holding a comma). */
        Optional<List<String>> args();

        /** Environment variables set for it: {@code env.<NAME>=value}. */
        Map<String, String> env();

        /** What kubectl prints when the command is missing. */
        Optional<String> installHint();

        /** {@code Never}, {@code IfAvailable} or {@code Always}: whether the command may read the terminal. */
        @WithDefault("IfAvailable")
        String interactiveMode();
    }

    /** kubelogin against an OIDC issuer. */
    interface Kubelogin {
        /** The issuer's URL ({@code --oidc-issuer-url}); setting it chooses this plugin. */
        Optional<String> issuerUrl();

        /** The OIDC client ({@code --oidc-client-id}); required with issuer-url. */
        Optional<String> clientId();

        /** More kubelogin arguments, e.g. {@code --oidc-extra-scope=groups}. */
        Optional<List<String>> extraArgs();
    }
}
