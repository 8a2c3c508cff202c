package dev.clearance.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The access decision of DESIGN.md "Policy model". Pure: the namespace directory is its only input besides the
 * request.
 *
 * <ol>
 *   <li>users without the prefix: no opinion (RBAC decides);</li>
 *   <li>members of an admin group: allowed everything;</li>
 *   <li>non-resource URLs: no opinion;</li>
 *   <li>the cluster-scope group: get, list and watch namespaces;</li>
 *   <li>in a group namespace: the best role among the owning group (default role) and the grants, wildcards
 *       allowed only when the role really grants everything they stand for;</li>
 *   <li>anything else: no opinion.</li>
 * </ol>
 * clearance never denies: a request its grants do not cover may still be allowed by RBAC.
 */
public final class AccessPolicy {

    /** Every verb a {@code *} stands for that matters to the roles: the never-granted ones make it unreachable. */
    private static final List<String> ALL_VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection", "bind", "escalate", "impersonate");

    private final PolicySettings settings;
    private final NamespaceDirectory directory;

    public AccessPolicy(PolicySettings settings, NamespaceDirectory directory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = directory;
    }

    /** Where group namespaces come from; the admission rules consult the same directory. */
    public NamespaceDirectory directory() {
        return directory;
    }

    public AuthzDecision decide(AccessRequest request) {
        String user = request.user();
        if (!user.startsWith(settings.groupPrefix())) {
            return new AuthzDecision.NoOpinion(AuthzReason.NOT_PREFIXED_SUBJECT,
                    "user " + user + " is not a platform identity (no " + settings.groupPrefix() + " prefix); RBAC decides");
        }
        List<String> groups = new ArrayList<>();
        for (String group : request.groups()) {
            if (group.startsWith(settings.groupPrefix())) {
                groups.add(group.substring(settings.groupPrefix().length()));
            }
        }
        for (String group : groups) {
            if (settings.adminGroups().contains(group)) {
                return new AuthzDecision.Allow(AuthzReason.CLUSTER_ADMIN,
                        user + " may do anything as a member of " + settings.groupPrefix() + group);
            }
        }
        if (request.nonResource() != null) {
            return new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "non-resource URLs such as "
                    + request.nonResource().path() + " are left to RBAC");
        }
        AccessRequest.Resource r = request.resource();
        boolean namespaceObject = r.group().isEmpty() && r.resource().equals("namespaces") && r.subresource().isEmpty();
        if (namespaceObject && Role.READ.contains(r.verb()) && !settings.clusterScopeGroup().isEmpty()
                && groups.contains(settings.clusterScopeGroup())) {
            return new AuthzDecision.Allow(AuthzReason.CLUSTER_SCOPE_READ, user + " may " + r.verb()
                    + " namespaces as a member of " + settings.groupPrefix() + settings.clusterScopeGroup());
        }
        if (r.namespace().isEmpty()) {
            return new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT,
                    "cluster-scoped and all-namespace requests are left to RBAC");
        }
        if (r.group().isEmpty() && r.resource().equals("namespaces") && !r.subresource().isEmpty()) {
            // namespaces/status and namespaces/finalize change the namespace itself: never a namespace grant
            return new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "namespaces/" + r.subresource() + " is left to RBAC");
        }
        if (!directory.synced()) {
            return new AuthzDecision.NoOpinion(AuthzReason.NOT_SYNCED, "clearance has not yet synced group namespaces");
        }
        Optional<NamespacePolicy> found = directory.find(r.namespace());
        if (found.isEmpty()) {
            return new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "namespace " + r.namespace() + " is not a group namespace");
        }
        return decideInNamespace(user, groups, r, found.get(), namespaceObject);
    }

    private AuthzDecision decideInNamespace(String user, List<String> groups, AccessRequest.Resource r, NamespacePolicy ns,
            boolean namespaceObject) {
        Role best = null;
        String via = null;
        for (String group : groups) {
            Role role = group.equals(ns.owningGroup()) ? settings.defaultRole() : null;
            Role granted = ns.grants().get(group);
            if (granted != null && (role == null || granted.atLeast(role))) {
                role = granted;
            }
            if (role != null && (best == null || role.atLeast(best) && role != best)) {
                best = role;
                via = group;
            }
        }
        if (best == null) {
            return new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, user + " has no grant in namespace " + ns.namespace()
                    + " (owned by " + settings.groupPrefix() + ns.owningGroup() + ")");
        }
        String what = r.verb() + " " + r.resource() + (r.subresource().isEmpty() ? "" : "/" + r.subresource());
        String role = "role " + best.label() + " via " + settings.groupPrefix() + via;
        boolean allowed = namespaceObject
                ? Role.READ.contains(r.verb()) && r.name().equals(ns.namespace())
                : covers(best, r);
        if (allowed) {
            return new AuthzDecision.Allow(AuthzReason.NAMESPACE_GRANT,
                    user + " may " + what + " in " + ns.namespace() + " (" + role + ")");
        }
        return new AuthzDecision.NoOpinion(AuthzReason.VERB_NOT_IN_ROLE,
                user + " may not " + what + " in " + ns.namespace() + " (" + role + "); RBAC decides");
    }

    /**
     * Whether the role allows everything the request's wildcards stand for: every verb a {@code *} verb stands for, on
     * every {@link ResourceClass} a {@code *} group, resource or subresource may reach.
     */
    static boolean covers(Role role, AccessRequest.Resource r) {
        if (r.verb().isEmpty() || r.resource().isEmpty()) {
            return false;
        }
        List<String> verbs = r.verb().equals("*") ? ALL_VERBS : List.of(r.verb());
        for (ResourceClass target : ResourceClass.reachable(r.group(), r.resource(), r.subresource())) {
            for (String verb : verbs) {
                if (!role.allows(verb, target)) {
                    return false;
                }
            }
        }
        return true;
    }
}
