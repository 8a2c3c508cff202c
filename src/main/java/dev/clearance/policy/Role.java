package dev.clearance.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The role tiers a group can hold in a namespace, after a platform UI's environment permissions. No role grants
 * {@code bind}, {@code escalate} or {@code impersonate}: those stay with RBAC.
 */
public enum Role {
    /** get, list, watch; not secrets (like Kubernetes' own {@code view}). */
    VIEWER,
    /** get, list, watch, create, update, patch; delete on pods only. */
    DEPLOYER,
    /** every verb, delete and deletecollection included. */
    ADMIN;

    static final Set<String> READ = Set.of("get", "list", "watch");
    static final Set<String> WRITE = Set.of("create", "update", "patch");
    static final Set<String> NEVER = Set.of("bind", "escalate", "impersonate");

    /** The configuration and annotation spelling: {@code viewer}, {@code deployer}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> byLabel(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this role allows one concrete verb on one concrete resource (no wildcards here).
     *
     * @param coreGroup whether the resource is in the core API group
     */
    public boolean allows(String verb, boolean coreGroup, String resource, String subresource) {
        if (NEVER.contains(verb)) {
            return false;
        }
        boolean podsInteractive = coreGroup && resource.equals("pods")
                && (subresource.equals("exec") || subresource.equals("attach") || subresource.equals("portforward"));
        if (podsInteractive && this == VIEWER) {
            return false;
        }
        return switch (this) {
            case VIEWER -> READ.contains(verb) && !(coreGroup && resource.equals("secrets"));
            case DEPLOYER -> READ.contains(verb) || WRITE.contains(verb)
                    || (verb.equals("delete") && coreGroup && resource.equals("pods") && subresource.isEmpty())
                    || (podsInteractive && (verb.equals("create") || verb.equals("get")));
            case ADMIN -> true;
        };
    }

    /** Whether this role is at least {@code other}. */
    boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
