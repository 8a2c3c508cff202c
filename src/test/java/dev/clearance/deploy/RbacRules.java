package dev.clearance.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/**
 * Kubernetes RBAC's rule matching, as the API server's RBAC authorizer applies it to one request's attributes
 * (pkg/apis/rbac/v1 evaluation helpers): a verb, API group and resource match exactly or by {@code *}; a rule's
 * resource also matches {@code <resource>/<subresource>} exactly, or {@code * /<subresource>}, never a bare parent
 * ({@code userextras} does not match {@code userextras/<key>}); empty resourceNames match any name; non-resource URLs
 * match exactly or by a trailing {@code *}. Written for the manifest tests, so they can say what a ClusterRole
 * allows rather than how it is spelled.
 */
final class RbacRules {

    private RbacRules() {
    }

    /** Whether any rule allows this resource request. */
    static boolean allows(List<PolicyRule> rules, String verb, String group, String resource, String subresource, String name) {
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        return rules.stream().filter(r -> r.getNonResourceURLs() == null || r.getNonResourceURLs().isEmpty())
                .anyMatch(r -> matches(r.getVerbs(), verb) && matches(r.getApiGroups(), group)
                        && resourceMatches(r.getResources(), combined, subresource)
                        && (r.getResourceNames() == null || r.getResourceNames().isEmpty() || r.getResourceNames().contains(name)));
    }

    /** Whether any rule allows this non-resource request ({@code /version}, {@code /api}, ...). */
    static boolean allowsPath(List<PolicyRule> rules, String verb, String path) {
        return rules.stream().filter(r -> r.getNonResourceURLs() != null && !r.getNonResourceURLs().isEmpty())
                .anyMatch(r -> matches(r.getVerbs(), verb) && r.getNonResourceURLs().stream().anyMatch(url -> url.equals(path)
                        || url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))));
    }

    private static boolean matches(List<String> values, String wanted) {
        return values != null && (values.contains("*") || values.contains(wanted));
    }

    private static boolean resourceMatches(List<String> resources, String combined, String subresource) {
        if (resources == null) {
            return false;
        }
        for (String resource : resources) {
            if (resource.equals("*") || resource.equals(combined)
                    || !subresource.isEmpty() && resource.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }
}
