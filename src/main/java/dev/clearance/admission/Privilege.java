package dev.clearance.admission;

import java.util.Set;

/** Who may do what the rules guard: members of an admin group (prefixed) and the trusted users. */
record Privilege(Set<String> trustedUsers, Set<String> prefixedAdminGroups) {

    Privilege {
        trustedUsers = Set.copyOf(trustedUsers);
        prefixedAdminGroups = Set.copyOf(prefixedAdminGroups);
    }

    boolean holds(AdmissionRequest request) {
        return trustedUsers.contains(request.username())
                || request.userGroups().stream().anyMatch(prefixedAdminGroups::contains);
    }

    String who() {
        return "members of " + String.join(", ", new java.util.TreeSet<>(prefixedAdminGroups))
                + (trustedUsers.isEmpty() ? "" : " and " + String.join(", ", new java.util.TreeSet<>(trustedUsers)));
    }
}
