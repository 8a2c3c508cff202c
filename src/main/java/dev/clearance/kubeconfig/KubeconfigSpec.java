package dev.clearance.kubeconfig;

import java.util.Optional;

/**
 * Everything a user's kubeconfig says, checked: one cluster (server and, optionally, the CA's PEM to embed), one
 * user with its exec plugin, and one context joining them, made current.
 */
record KubeconfigSpec(String clusterName, String contextName, String userName, Optional<String> namespace, String server,
        Optional<String> caPem, UserPlugin plugin) {}
