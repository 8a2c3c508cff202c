package dev.clearance.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The role tiers a group can hold in a namespace, after a platform UI's environment permissions, and what each
 * keeps away, after Kubernetes' bootstrap {@code view}, {@code edit} and {@code admin} ClusterRoles: a viewer
 * reads, but nothing that escalates (secrets, proxies to the application's endpoints, service account tokens,
 * RBAC objects, a shell in a pod); a deployer also writes, but neither who may do what (RBAC objects, like
 * {@code edit}) nor the namespace's bounds (quota and limit-range writes), nor acts as a service account
 * (token requests; stricter than {@code edit}, which may impersonate them); an admin does everything within the
 * namespace. The verbs per {@link ResourceClass} are {@link #allows(String, ResourceClass)}; README "How a
 * SubjectAccessReview is answered" has them as a table.
 *
 * <p>No role grants {@code bind}, {@code escalate} or {@code impersonate}: those stay with RBAC.
 */
public enum Role {
    /** get, list, watch; not secrets, {@code proxy} subresources, {@code serviceaccounts/token}, RBAC objects, pod sessions. */
    VIEWER,
    /** get, list, watch, create, update, patch; delete on pods; not RBAC objects, quota writes, token requests. */
    DEPLOYER,
    /** every verb but the never-granted ones, delete, deletecollection and RBAC objects included. */
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
     * @param group the API group, empty for the core group
     * @param subresource empty when none
     */
    public boolean allows(String verb, String group, String resource, String subresource) {
        return allows(verb, ResourceClass.of(group, resource, subresource));
    }

    /** Whether this role allows one concrete verb on every resource of a class: the tier table. */
    public boolean allows(String verb, ResourceClass target) {
        if (NEVER.contains(verb)) {
            return false;
        }
        boolean read = READ.contains(verb);
        boolean readWrite = read || WRITE.contains(verb);
        return switch (this) {
            case VIEWER -> switch (target) {
                case PODS, QUOTAS, OTHER -> read;
                case POD_SESSIONS, PROXY, SERVICE_ACCOUNT_TOKENS, SECRETS, RBAC -> false;
            };
            case DEPLOYER -> switch (target) {
                case PODS -> readWrite || verb.equals("delete");
                case POD_SESSIONS, PROXY, SECRETS, OTHER -> readWrite;
                case QUOTAS -> read;
                case SERVICE_ACCOUNT_TOKENS, RBAC -> false;
            };
            case ADMIN -> true;
        };
    }

    /** Whether this role is at least {@code other}. */
    boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
