package dev.clearance.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AdmissionConfig;
import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.common.Text;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validates {@code clearance.admission.*} and wires the rules with the authorizer's prefix, groups and namespaces. */
class AdmissionBeans {

    private static final String PROTECTED_NAMESPACES = NamespaceOwnershipRule.PROTECTED_PROPERTY;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Built at start-up, so a bad {@code clearance.admission.*} value stops clearance instead of failing the first review. */
    @Produces
    @Singleton
    @Startup
    AdmissionPolicy policy(AdmissionConfig config, AuthzConfig authz, AccessPolicy access) {
        Privilege privilege = new Privilege(authz.groupPrefix(), Set.copyOf(config.trustedUsers().orElse(List.of())),
                authz.adminGroups().stream().map(g -> authz.groupPrefix() + g.trim()).collect(Collectors.toSet()));
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(new NamespaceOwnershipRule(authz.groupLabel(), authz.grantsAnnotation(),
                protectedNamespaces(config.protectedNamespaces()), privilege),
                mode("namespace-ownership", config.rules().namespaceOwnership()));
        rules.put(new BindingSubjectsRule(authz.groupPrefix(), Set.copyOf(authz.adminGroups()), access.directory(), privilege),
                mode("binding-subjects", config.rules().bindingSubjects()));
        rules.put(new PrefixSpoofingRule(authz.groupPrefix(), privilege), mode("prefix-spoofing", config.rules().prefixSpoofing()));
        return new AdmissionPolicy(rules);
    }

    @Produces
    @Singleton
    AdmissionReviewCodec codec(ObjectMapper mapper) {
        return new AdmissionReviewCodec(new ReviewJson(mapper));
    }

    /** The names, each a DNS label (RFC 1123) as Kubernetes requires of namespace names, so that a typo fails start-up. */
    static Set<String> protectedNamespaces(List<String> names) {
        Set<String> valid = new HashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!DNS_LABEL.matcher(trimmed).matches()) {
                throw new ConfigurationException(PROTECTED_NAMESPACES + " lists namespace names (DNS labels: at most 63 lower-case "
                        + "letters, digits and hyphens, starting and ending with a letter or digit), but has " + Text.quote(trimmed),
                        Set.of(PROTECTED_NAMESPACES));
            }
            valid.add(trimmed);
        }
        return Set.copyOf(valid);
    }

    private static RuleMode mode(String rule, String value) {
        String property = "clearance.admission.rules." + rule;
        return RuleMode.byLabel(value).orElseThrow(() -> new ConfigurationException(
                property + " must be enforce, warn or off, was " + value, Set.of(property)));
    }
}
