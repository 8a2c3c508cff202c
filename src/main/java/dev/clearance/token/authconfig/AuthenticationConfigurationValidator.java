package dev.clearance.token.authconfig;

import dev.clearance.token.cel.ClaimExpressions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * kube-apiserver's validation of an {@code AuthenticationConfiguration} (the JWT part of
 * k8s.io/apiserver/pkg/apis/apiserver/validation), error for error and in the same order, so that clearance accepts a
 * file exactly when kube-apiserver would. Expressions are compiled here, once per load; a file whose expressions do
 * not compile is invalid, never half-loaded.
 */
public final class AuthenticationConfigurationValidator {

    /** kube-apiserver's limit on {@code jwt[]} entries. */
    static final int MAX_AUTHENTICATORS = 64;

    private AuthenticationConfigurationValidator() {}

    /**
     * @param cel compiles the expressions; not called when the file has none
     * @param allowLoopbackHttp also accept http issuer and discovery URLs on localhost, 127.0.0.1 or [::1] (for the
     *     dev, demo and test profiles only); false applies kube-apiserver's rules exactly
     */
    public static Validated validate(AuthenticationConfiguration config, ClaimExpressions cel, boolean allowLoopbackHttp) {
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<CompiledAuthenticator> authenticators = new ArrayList<>();
        List<JwtAuthenticator> jwt = config.jwt();
        if (jwt.size() > MAX_AUTHENTICATORS) {
            return new Validated(List.of(FieldError.tooMany("jwt", jwt.size(), MAX_AUTHENTICATORS).toString()), List.of(), List.of());
        }
        Set<String> urls = new HashSet<>();
        Set<String> discoveryUrls = new HashSet<>();
        for (int i = 0; i < jwt.size(); i++) {
            JwtAuthenticator a = jwt.get(i);
            String path = "jwt[" + i + "]";
            authenticators.add(authenticator(a, path, cel, allowLoopbackHttp, errors));
            if (!urls.add(a.issuer().url())) {
                errors.add(FieldError.duplicate(path + ".issuer.url", a.issuer().url()));
            }
            String discovery = a.issuer().discoveryURL();
            if (!discovery.isEmpty() && !discoveryUrls.add(discovery)) {
                errors.add(FieldError.duplicate(path + ".issuer.discoveryURL", discovery));
            }
            if (!a.issuer().egressSelectorType().isEmpty()) {
                warnings.add(path + ".issuer.egressSelectorType is ignored: clearance connects to the issuer itself,"
                        + " not through kube-apiserver's egress selector");
            }
        }
        config.anonymous().ifPresent(anonymous -> {
            if (!anonymous.enabled() && anonymous.conditions() > 0) {
                errors.add(FieldError.invalidJson("anonymous.conditions", conditionsJson(anonymous),
                        "enabled should be set to true when conditions are defined"));
            }
            warnings.add("anonymous is ignored: clearance authenticates tokens only, and kube-apiserver handles"
                    + " anonymous requests itself");
        });
        return new Validated(errors.stream().map(FieldError::toString).toList(), warnings, authenticators);
    }

    private static CompiledAuthenticator authenticator(
            JwtAuthenticator a, String path, ClaimExpressions cel, boolean allowLoopbackHttp, List<FieldError> errors) {
        List<X509Certificate> ca = IssuerRules.check(a.issuer(), path + ".issuer", allowLoopbackHttp, errors);
        ExpressionRules rules = new ExpressionRules(cel, errors);
        rules.claimValidationRules(a.claimValidationRules(), path + ".claimValidationRules");
        rules.claimMappings(a.claimMappings(), path + ".claimMappings");
        rules.userValidationRules(a.userValidationRules(), path + ".userValidationRules");
        return new CompiledAuthenticator(
                a, rules.username, rules.groups, rules.uid, rules.extra, rules.claimRules, rules.userRules, ca);
    }

    /** Go's json.Marshal of the internal type's conditions, which has no JSON tags: {@code [{"Path":"/livez"}]}. */
    private static String conditionsJson(Anonymous anonymous) {
        return anonymous.conditionPaths().stream()
                .map(p -> "{\"Path\":" + GoText.json(p) + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
