package dev.clearance.token;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One whole, immutable set of trusted issuers with the verifier over it: what a reload swaps in one step, so a
 * token is always verified against one configuration, never a mix of two.
 *
 * @param fileHash {@code sha256:<hex>} of the AuthenticationConfiguration file it came from, or null without one
 */
record IssuerSet(List<TrustedIssuer> issuers, TokenVerifier verifier, String fileHash) {

    IssuerSet {
        issuers = List.copyOf(issuers);
    }

    /**
     * The {@code iss} values whose settings differ between the two sets: added, removed or changed. A verdict cached
     * for any of them may no longer be what the new set would decide.
     */
    static Set<String> changedIssuers(IssuerSet before, IssuerSet after) {
        Map<String, IssuerSettings> old = byIss(before);
        Map<String, IssuerSettings> now = byIss(after);
        Set<String> changed = new HashSet<>();
        Set<String> all = new HashSet<>(old.keySet());
        all.addAll(now.keySet());
        for (String iss : all) {
            IssuerSettings a = old.get(iss);
            IssuerSettings b = now.get(iss);
            if (a == null || b == null || !sameDefinition(a, b)) {
                changed.add(iss);
            }
        }
        return changed;
    }

    private static boolean sameDefinition(IssuerSettings a, IssuerSettings b) {
        return Objects.equals(a.definition(), b.definition()) && a.name().equals(b.name());
    }

    private static Map<String, IssuerSettings> byIss(IssuerSet set) {
        Map<String, IssuerSettings> map = new HashMap<>();
        for (TrustedIssuer issuer : set.issuers()) {
            map.put(issuer.settings().issuer(), issuer.settings());
        }
        return map;
    }
}
