package dev.clearance.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AdmissionConfig;
import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessPolicy;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates {@code clearance.admission.*} and wires the rules with the authorizer's prefix, groups and namespaces. */
class AdmissionBeans {

    @Produces
    @Singleton
    AdmissionPolicy policy(AdmissionConfig config, AuthzConfig authz, AccessPolicy access) {
        Privilege privilege = new Privilege(authz.groupPrefix(), Set.copyOf(config.trustedUsers().orElse(List.of())),
                authz.adminGroups().stream().map(g -> authz.groupPrefix() + g.trim()).collect(Collectors.toSet()));
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(new NamespaceOwnershipRule(authz.groupLabel(), authz.grantsAnnotation(), privilege),
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

    private static RuleMode mode(String rule, String value) {
        String property = "clearance.admission.rules." + rule;
        return RuleMode.byLabel(value).orElseThrow(() -> new ConfigurationException(
                property + " must be enforce, warn or off, was " + value, Set.of(property)));
    }
}
