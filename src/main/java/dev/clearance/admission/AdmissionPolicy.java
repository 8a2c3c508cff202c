package dev.clearance.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies the rules in order: the first enforced violation rejects; warned violations become warnings. Pure. */
public final class AdmissionPolicy {

    private final Map<AdmissionRule, RuleMode> rules;

    AdmissionPolicy(Map<AdmissionRule, RuleMode> rules) {
        this.rules = rules;
    }

    public AdmissionDecision decide(AdmissionRequest request) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<AdmissionRule, RuleMode> entry : rules.entrySet()) {
            if (entry.getValue() == RuleMode.OFF) {
                continue;
            }
            Optional<Violation> violation = entry.getKey().check(request);
            if (violation.isEmpty()) {
                continue;
            }
            String message = "clearance " + entry.getKey().name() + ": " + violation.get().message();
            if (entry.getValue() == RuleMode.ENFORCE) {
                return new AdmissionDecision.Reject(violation.get().reason(), message, warnings);
            }
            warnings.add(message + " (warn mode: admitted)");
        }
        return new AdmissionDecision.Admit(warnings);
    }
}
