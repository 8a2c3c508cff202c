package dev.clearance.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@code spec.audiences} for a token that already carries one of its issuer's audiences, exactly as
 * DESIGN.md "Audiences" decides. Pure.
 */
final class AudiencePolicy {

    private final Optional<Set<String>> apiAudiences;

    AudiencePolicy(Optional<? extends java.util.Collection<String>> apiAudiences) {
        this.apiAudiences = apiAudiences.map(Set::copyOf).filter(s -> !s.isEmpty());
    }

    /**
     * The {@code status.audiences} to answer with (empty: omit the field), or empty Optional when the token is
     * not valid for any requested audience.
     */
    Optional<List<String>> statusAudiences(List<String> requested, List<String> tokenAudiences) {
        if (requested.isEmpty() || apiAudiences.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> api = intersect(requested, apiAudiences.get());
        if (!api.isEmpty()) {
            return Optional.of(api);
        }
        List<String> own = intersect(requested, Set.copyOf(tokenAudiences));
        return own.isEmpty() ? Optional.empty() : Optional.of(own);
    }

    private static List<String> intersect(List<String> requested, Set<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String a : requested) {
            if (allowed.contains(a) && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }
}
