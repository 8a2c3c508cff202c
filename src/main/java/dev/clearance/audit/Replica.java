package dev.clearance.audit;

/** The name of this replica in audit events: the pod name (HOSTNAME in Kubernetes), else the host's name. */
public final class Replica {

    public static final String NAME = name();

    private Replica() {}

    private static String name() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
