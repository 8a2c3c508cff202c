package dev.clearance.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A token whose signature, issuer, times, audience and claim rules all passed.
 *
 * @param issuerName the configured name of the issuer that signed it
 * @param audiences the token's own {@code aud} values
 * @param expiry the token's {@code exp}
 */
public record VerifiedToken(
        String issuerName, Identity identity, List<String> audiences, Instant expiry, TokenFacts facts) {

    public VerifiedToken {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(expiry, "expiry");
        audiences = List.copyOf(audiences);
    }
}
