package dev.clearance.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the API server will make of a request path, after its {@code RequestInfoFactory} (PROTOCOL.md [S20]): the
 * Kubernetes verb and the resource attributes, or a non-resource path. The proxy only records it in audit events;
 * the API server parses the request again and stays the authority.
 *
 * @param resourceRequest false for non-resource paths such as {@code /version} or {@code /healthz}
 * @param verb a resource verb ({@code list}, {@code watch}, ...) or, for non-resource paths, the lower-case method
 */
public record KubeRequestInfo(boolean resourceRequest, String verb, String group, String version, String namespace,
        String resource, String subresource, String name) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * @param method the HTTP method
     * @param path the decoded-free raw path, without the query
     * @param watchParameter the {@code watch} query parameter, or null
     */
    public static KubeRequestInfo parse(String method, String path, String watchParameter) {
        String lowerMethod = method.toLowerCase(Locale.ROOT);
        List<String> parts = split(path);
        if (parts.size() < 2 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource(lowerMethod);
        }
        String group = "";
        int at;
        if (parts.get(0).equals("api")) {
            at = 1;
        } else {
            if (parts.size() < 3) {
                return nonResource(lowerMethod);
            }
            group = parts.get(1);
            at = 2;
        }
        String version = parts.get(at);
        List<String> rest = parts.subList(at + 1, parts.size());
        if (rest.isEmpty()) {
            return nonResource(lowerMethod);
        }
        String verb = switch (lowerMethod) {
            case "post" -> "create";
            case "get", "head" -> "get";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> "delete";
            default -> "";
        };
        if (rest.get(0).equals("watch")) {
            verb = "watch";
            rest = rest.subList(1, rest.size());
        } else if (rest.get(0).equals("proxy")) {
            verb = "proxy";
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (!rest.isEmpty() && rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.isEmpty() ? "" : rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : "";
        String subresource = rest.size() >= 3 && !verb.equals("proxy") ? rest.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = isTrue(watchParameter) ? "watch" : "list";
        } else if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new KubeRequestInfo(true, verb, group, version, namespace, resource, subresource, name);
    }

    private static KubeRequestInfo nonResource(String lowerMethod) {
        return new KubeRequestInfo(false, lowerMethod, "", "", "", "", "", "");
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("true") || value.equals("1") || value.equalsIgnoreCase("t")
                || value.equalsIgnoreCase("true"));
    }

    private static List<String> split(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/"));
    }
}
