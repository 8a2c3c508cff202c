package dev.clearance.policy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of namespaced resource the role tiers treat differently, after what Kubernetes' bootstrap {@code view},
 * {@code edit} and {@code admin} ClusterRoles keep apart. Every (API group, resource, subresource) falls into exactly
 * one class: the first, in declaration order, whose group, resource and subresource sets all hold it (an empty set
 * holds everything).
 *
 * <p>The exceptions are in the core group and in {@code rbac.authorization.k8s.io} only, on purpose: RBAC cannot
 * subtract and discovery names no resources of other groups, so the materialised ClusterRoles can grant any other
 * group only as a whole ({@code resources: ["*"]}). See {@link #ofWholeGroup}.
 */
public enum ResourceClass {
    /** {@code pods/exec}, {@code pods/attach}, {@code pods/portforward}: a shell or a socket in the pod. */
    POD_SESSIONS(Set.of(""), Set.of("pods"), Set.of("exec", "attach", "portforward")),
    /** Any core {@code proxy} subresource ({@code pods/proxy}, {@code services/proxy}, {@code nodes/proxy}): the application's own endpoints. */
    PROXY(Set.of(""), Set.of(), Set.of("proxy")),
    /** {@code serviceaccounts/token}: minting a token is acting as the service account. */
    SERVICE_ACCOUNT_TOKENS(Set.of(""), Set.of("serviceaccounts"), Set.of("token")),
    /** Core {@code secrets}, subresources included. */
    SECRETS(Set.of(""), Set.of("secrets"), Set.of()),
    /** {@code resourcequotas} and {@code limitranges}: how the namespace is bounded, which is not its users' to change. */
    QUOTAS(Set.of(""), Set.of("resourcequotas", "limitranges"), Set.of()),
    /**
     * Everything in {@code rbac.authorization.k8s.io}. Its namespaced resources are {@code roles} and
     * {@code rolebindings}; the cluster-scoped ones never come with a namespace, so the whole group is one class.
     */
    RBAC(Set.of(RbacGroup.NAME), Set.of(), Set.of()),
    /** The {@code pods} themselves (deployers may delete them). */
    PODS(Set.of(""), Set.of("pods"), Set.of("")),
    /** Everything else, custom resources and their subresources included. */
    OTHER(Set.of(), Set.of(), Set.of());

    /** In a holder: an enum constant's arguments may not name a static field of its own enum declared after it. */
    private static final class RbacGroup {
        static final String NAME = "rbac.authorization.k8s.io";
    }

    private static final String WILDCARD = "*";
    /** A value no class names, standing in for what a {@code *} may be besides the names the classes list. */
    private static final String UNNAMED = "\u0000unnamed";

    private final Set<String> groups;
    private final Set<String> resources;
    private final Set<String> subresources;

    ResourceClass(Set<String> groups, Set<String> resources, Set<String> subresources) {
        this.groups = groups;
        this.resources = resources;
        this.subresources = subresources;
    }

    /** The class of one concrete resource; {@code group} is empty for the core group, {@code subresource} when none. */
    public static ResourceClass of(String group, String resource, String subresource) {
        for (ResourceClass c : values()) {
            if (holds(c.groups, group) && holds(c.resources, resource) && holds(c.subresources, subresource)) {
                return c;
            }
        }
        throw new AssertionError("OTHER holds everything");
    }

    /**
     * Every class a request may reach when {@code *} stands for any group, resource or subresource. It may hold a
     * class more than strictly reachable, never fewer, so a role covers the wildcards only if it allows them all.
     */
    static Set<ResourceClass> reachable(String group, String resource, String subresource) {
        if (!WILDCARD.equals(group) && !WILDCARD.equals(resource) && !WILDCARD.equals(subresource)) {
            return EnumSet.of(of(group, resource, subresource));
        }
        Set<ResourceClass> reached = EnumSet.noneOf(ResourceClass.class);
        for (ResourceClass c : values()) {
            if (admits(c.groups, group) && admits(c.resources, resource) && admits(c.subresources, subresource)) {
                reached.add(c);
            }
        }
        // OTHER's sets hold everything, so it is in already; drop it when every value the wildcards take is in a
        // named class (group * with secrets: a CRD called secrets is OTHER, core secrets SECRETS; both stay)
        if (of(unnamed(group), unnamed(resource), unnamed(subresource)) != OTHER) {
            reached.remove(OTHER);
        }
        return reached;
    }

    /**
     * The one class every resource of a non-core API group falls into, or empty when the group is split (the core
     * group). The materialised ClusterRoles grant a group with {@code resources: ["*"]} only when this is present.
     */
    public static Optional<ResourceClass> ofWholeGroup(String group) {
        if (group.isEmpty() || WILDCARD.equals(group)) {
            return Optional.empty();
        }
        for (ResourceClass c : values()) {
            if (holds(c.groups, group)) {
                return c.resources.isEmpty() && c.subresources.isEmpty() ? Optional.of(c) : Optional.empty();
            }
        }
        throw new AssertionError("OTHER holds every group");
    }

    private static boolean holds(Set<String> names, String value) {
        return names.isEmpty() || names.contains(value);
    }

    private static boolean admits(Set<String> names, String value) {
        return WILDCARD.equals(value) || holds(names, value);
    }

    private static String unnamed(String value) {
        return WILDCARD.equals(value) ? UNNAMED : value;
    }
}
