package dev.clearance.admission;

import java.util.List;
import java.util.Objects;

/** Admit (possibly with warnings) or reject with a reason; a validating webhook never patches. */
public sealed interface AdmissionDecision {

    List<String> warnings();

    record Admit(List<String> warnings) implements AdmissionDecision {
        public Admit {
            warnings = List.copyOf(warnings);
        }
    }

    record Reject(AdmissionReason reason, String message, List<String> warnings) implements AdmissionDecision {
        public Reject {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
            warnings = List.copyOf(warnings);
        }
    }
}
