package dev.clearance.kubeconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The closed set of ways a downloaded kubeconfig gets its token: the platform's own CLI, kubelogin against an OIDC
 * issuer, or (development only) a curl to the embedded development issuer. Each becomes one {@link ExecPlugin}.
 */
sealed interface UserPlugin {

    /** The exec plugin kubectl runs for this choice. */
    ExecPlugin exec();

    /** The platform's CLI, exactly as the operator configured it. */
    record PlatformCli(ExecPlugin exec) implements UserPlugin {}

    /** {@code kubectl oidc-login get-token}: kubelogin, which may open a browser, so {@code IfAvailable}. */
    record Kubelogin(String issuerUrl, String clientId, List<String> extraArgs) implements UserPlugin {
        static final String INSTALL_HINT = "kubelogin is the kubectl oidc-login plugin: kubectl krew install oidc-login "
                + "(https://github.com/int128/kubelogin)";

        public Kubelogin {
            extraArgs = List.copyOf(extraArgs);
        }

        @Override
        public ExecPlugin exec() {
            List<String> args = new ArrayList<>(List.of("oidc-login", "get-token", "--oidc-issuer-url=" + issuerUrl,
                    "--oidc-client-id=" + clientId));
            args.addAll(extraArgs);
            return new ExecPlugin("kubectl", args, List.of(), Optional.of(INSTALL_HINT), ExecPlugin.InteractiveMode.IfAvailable);
        }
    }

    /**
     * {@code sh -c 'curl -sf -d user=… -d groups=… -d format=exec-credential <issuer>/token'}: the development
     * issuer mints an ExecCredential. Every value is checked to be shell-safe before it gets here.
     */
    record DevIssuerCurl(String tokenUrl, String user, List<String> groups) implements UserPlugin {
        public DevIssuerCurl {
            groups = List.copyOf(groups);
        }

        @Override
        public ExecPlugin exec() {
            StringBuilder curl = new StringBuilder("curl -sf -d user=").append(user);
            for (String group : groups) {
                curl.append(" -d groups=").append(group);
            }
            curl.append(" -d format=exec-credential ").append(tokenUrl);
            return new ExecPlugin("sh", List.of("-c", curl.toString()), List.of(),
                    Optional.of("the development issuer's plugin needs sh and curl"), ExecPlugin.InteractiveMode.Never);
        }
    }
}
