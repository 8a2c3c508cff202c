package dev.clearance.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the grants annotation, {@code "team-a-leads=admin,auditors=viewer"}. Entries that do not parse or name
 * an unknown role are dropped (and reported), never guessed at: a typo grants nothing.
 */
public final class GrantsAnnotation {

    /** The grants, and the entries that were dropped. */
    public record Parsed(Map<String, Role> grants, List<String> rejected) {}

    static final int MAX_ENTRIES = 64;

    private GrantsAnnotation() {}

    public static Parsed parse(String value) {
        Map<String, Role> grants = new LinkedHashMap<>();
        List<String> rejected = new java.util.ArrayList<>();
        if (value == null || value.isBlank()) {
            return new Parsed(grants, rejected);
        }
        String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String group = eq > 0 ? entry.substring(0, eq).trim() : "";
            var role = eq > 0 ? Role.byLabel(entry.substring(eq + 1).trim()) : java.util.Optional.<Role>empty();
            if (i >= MAX_ENTRIES || group.isEmpty() || role.isEmpty()) {
                rejected.add(entry);
            } else {
                grants.put(group, role.get());
            }
        }
        return new Parsed(grants, rejected);
    }
}
