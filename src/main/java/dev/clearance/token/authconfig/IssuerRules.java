package dev.clearance.token.authconfig;

import dev.clearance.common.GoUrl;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kube-apiserver's rules on one {@code jwt[].issuer}, in its order: url, discoveryURL, audiences,
 * certificateAuthority, egressSelectorType. Two departures, both deliberate: the service-account issuers
 * kube-apiserver passes as "disallowed" are not known here, and {@code allowLoopbackHttp} (dev, demo and test
 * profiles only) lets an http issuer on localhost through.
 */
final class IssuerRules {

    private static final String MATCH_ANY = "MatchAny";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    private final boolean allowLoopbackHttp;
    private final List<FieldError> errors;

    private IssuerRules(boolean allowLoopbackHttp, List<FieldError> errors) {
        this.allowLoopbackHttp = allowLoopbackHttp;
        this.errors = errors;
    }

    /** Adds the issuer's errors to {@code errors}; returns its parsed certificate authority (empty when none or bad). */
    static List<X509Certificate> check(Issuer issuer, String path, boolean allowLoopbackHttp, List<FieldError> errors) {
        IssuerRules rules = new IssuerRules(allowLoopbackHttp, errors);
        rules.url(issuer.url(), path + ".url");
        rules.discoveryUrl(issuer.url(), issuer.discoveryURL(), path + ".discoveryURL");
        rules.audiences(issuer.audiences(), issuer.audienceMatchPolicy(), path + ".audiences", path + ".audienceMatchPolicy");
        List<X509Certificate> ca = rules.certificateAuthority(issuer.certificateAuthority(), path + ".certificateAuthority");
        rules.egressSelector(issuer.egressSelectorType(), path + ".egressSelectorType");
        return ca;
    }

    private void url(String url, String field) {
        if (url.isEmpty()) {
            errors.add(FieldError.required(field, ""));
            return;
        }
        urlShape(url, field);
    }

    private void discoveryUrl(String url, String discoveryUrl, String field) {
        if (discoveryUrl.isEmpty()) {
            return;
        }
        if (!url.isEmpty() && trimTrailingSlashes(url).equals(trimTrailingSlashes(discoveryUrl))) {
            errors.add(FieldError.invalid(field, discoveryUrl, "discoveryURL must be different from URL"));
        }
        urlShape(discoveryUrl, field);
    }

    private void urlShape(String url, String field) {
        GoUrl.Parsed parsed;
        try {
            parsed = GoUrl.parse(url);
        } catch (GoUrl.UrlException e) {
            errors.add(FieldError.invalid(field, url, e.getMessage()));
            return;
        }
        if (!parsed.scheme().equals("https") && !loopbackHttp(parsed)) {
            errors.add(FieldError.invalid(field, url, "URL scheme must be https"));
        }
        if (parsed.hasUser()) {
            errors.add(FieldError.invalid(field, url, "URL must not contain a username or password"));
        }
        if (!parsed.rawQuery().isEmpty()) {
            errors.add(FieldError.invalid(field, url, "URL must not contain a query"));
        }
        if (!parsed.fragment().isEmpty()) {
            errors.add(FieldError.invalid(field, url, "URL must not contain a fragment"));
        }
    }

    private boolean loopbackHttp(GoUrl.Parsed url) {
        return allowLoopbackHttp && url.scheme().equals("http") && LOOPBACK.contains(url.hostname());
    }

    private void audiences(List<String> audiences, String policy, String field, String policyField) {
        if (audiences.isEmpty()) {
            errors.add(FieldError.required(field, "at least one " + field + " is required"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < audiences.size(); i++) {
            String audience = audiences.get(i);
            String at = field + "[" + i + "]";
            if (audience.isEmpty()) {
                errors.add(FieldError.required(at, ""));
            }
            if (!seen.add(audience)) {
                errors.add(FieldError.duplicate(at, audience));
            }
        }
        if (audiences.size() > 1 && !policy.equals(MATCH_ANY)) {
            errors.add(FieldError.invalid(policyField, policy, "audienceMatchPolicy must be MatchAny for multiple audiences"));
        }
        if (audiences.size() == 1 && !policy.isEmpty() && !policy.equals(MATCH_ANY)) {
            errors.add(FieldError.invalid(policyField, policy, "audienceMatchPolicy must be empty or MatchAny for single audience"));
        }
    }

    private List<X509Certificate> certificateAuthority(String pem, String field) {
        if (pem.isEmpty()) {
            return List.of();
        }
        try {
            return PemCertificates.parse(pem);
        } catch (PemCertificates.Invalid e) {
            errors.add(FieldError.invalid(field, "<omitted>", e.getMessage()));
            return List.of();
        }
    }

    private void egressSelector(String type, String field) {
        // The StructuredAuthenticationConfigurationEgressSelector gate is on by default since Kubernetes 1.34.
        if (!type.isEmpty() && !type.equals("controlplane") && !type.equals("cluster")) {
            errors.add(FieldError.invalid(field, type, "egress selector must be either controlplane or cluster"));
        }
    }

    private static String trimTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
