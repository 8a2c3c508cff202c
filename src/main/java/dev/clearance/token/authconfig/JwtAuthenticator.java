package dev.clearance.token.authconfig;

import java.util.List;
import java.util.Objects;

/** One {@code jwt[]} entry: an issuer, its claim rules, how claims become a user, and rules on that user. */
public record JwtAuthenticator(
        Issuer issuer,
        List<ClaimValidationRule> claimValidationRules,
        ClaimMappings claimMappings,
        List<UserValidationRule> userValidationRules) {

    public JwtAuthenticator {
        Objects.requireNonNull(issuer, "issuer");
        claimValidationRules = List.copyOf(claimValidationRules);
        Objects.requireNonNull(claimMappings, "claimMappings");
        userValidationRules = List.copyOf(userValidationRules);
    }
}
