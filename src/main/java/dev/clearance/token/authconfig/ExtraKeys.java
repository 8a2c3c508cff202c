package dev.clearance.token.authconfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules on a {@code claimMappings.extra[].key}, in apimachinery's order and words: a domain-prefixed path
 * ({@code IsDomainPrefixedPath}), lowercase, and outside the domains Kubernetes reserves for itself.
 */
final class ExtraKeys {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL + "(\\." + LABEL + ")*";
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is '" + SUBDOMAIN_FMT + "')";
    private static final int SUBDOMAIN_MAX_BYTES = 253;
    private static final String HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
    private static final Pattern HTTP_PATH = Pattern.compile(HTTP_PATH_FMT);

    private ExtraKeys() {}

    static List<FieldError> check(String field, String key) {
        List<FieldError> errors = new ArrayList<>(domainPrefixedPath(field, key));
        if (!key.equals(key.toLowerCase(Locale.ROOT))) {
            errors.add(FieldError.invalid(field, key, "must be lowercase"));
        }
        if (reserved(key)) {
            errors.add(FieldError.invalid(field, key, "k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use"));
        }
        return errors;
    }

    /** apimachinery's {@code IsDomainPrefixedPath}. */
    private static List<FieldError> domainPrefixedPath(String field, String path) {
        if (path.isEmpty()) {
            return List.of(FieldError.required(field, ""));
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return List.of(FieldError.invalid(field, path, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        }
        List<FieldError> errors = new ArrayList<>();
        String host = path.substring(0, slash);
        if (host.getBytes(StandardCharsets.UTF_8).length > SUBDOMAIN_MAX_BYTES) {
            errors.add(FieldError.invalid(field, host, "must be no more than " + SUBDOMAIN_MAX_BYTES + " characters"));
        }
        if (!SUBDOMAIN.matcher(host).matches()) {
            errors.add(FieldError.invalid(field, host, SUBDOMAIN_MESSAGE));
        }
        String rest = path.substring(slash + 1);
        if (!HTTP_PATH.matcher(rest).matches()) {
            errors.add(FieldError.invalid(field, rest, "Invalid path (regex used for validation is '" + HTTP_PATH_FMT + "')"));
        }
        return errors;
    }

    private static boolean reserved(String key) {
        int slash = key.indexOf('/');
        String domain = slash < 0 ? "" : key.substring(0, slash);
        return domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io")
                || domain.equals("k8s.io") || domain.endsWith(".k8s.io");
    }
}
