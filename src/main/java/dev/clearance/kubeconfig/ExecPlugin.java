package dev.clearance.kubeconfig;

import java.util.List;
import java.util.Optional;

/**
 * A kubeconfig user's exec credential plugin ({@code client.authentication.k8s.io/v1}) as kubectl runs it: the
 * command, its arguments and environment, what to print when it is missing, and whether it may use the terminal.
 */
record ExecPlugin(String command, List<String> args, List<EnvVar> env, Optional<String> installHint,
        InteractiveMode interactiveMode) {

    /** One environment variable set for the plugin, in the order the kubeconfig lists it. */
    record EnvVar(String name, String value) {}

    /** The exec config's {@code interactiveMode}: whether the plugin may read the user's terminal. */
    enum InteractiveMode {
        Never, IfAvailable, Always
    }

    ExecPlugin {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }
}
