package dev.clearance.admission;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what the rules guard: platform users (username with the prefix) in a prefixed admin group, and the
 * trusted users. The username must carry the prefix too: a client certificate's user has the certificate's O values
 * as groups, so a certificate with {@code O=oidc:cluster-admins} (signed before this webhook guarded CSRs, or by a
 * signer that ignores it) would otherwise pass for an admin while only the authenticator may hand out the prefix.
 */
record Privilege(String prefix, Set<String> trustedUsers, Set<String> prefixedAdminGroups) {

    Privilege {
        Objects.requireNonNull(prefix, "prefix");
        trustedUsers = Set.copyOf(trustedUsers);
        prefixedAdminGroups = Set.copyOf(prefixedAdminGroups);
    }

    boolean holds(AdmissionRequest request) {
        return trustedUsers.contains(request.username()) || request.username().startsWith(prefix)
                && request.userGroups().stream().anyMatch(prefixedAdminGroups::contains);
    }

    String who() {
        return "platform users in " + String.join(", ", new TreeSet<>(prefixedAdminGroups))
                + (trustedUsers.isEmpty() ? "" : " and " + String.join(", ", new TreeSet<>(trustedUsers)));
    }
}
