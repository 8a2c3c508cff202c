package dev.clearance.admission;

import java.util.Locale;
import java.util.Optional;

/** What a rule's violation does: refuse the request, admit it with a warning, or nothing. */
public enum RuleMode {
    ENFORCE,
    WARN,
    OFF;

    public static Optional<RuleMode> byLabel(String label) {
        for (RuleMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(label == null ? "" : label.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
