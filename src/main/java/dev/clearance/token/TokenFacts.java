package dev.clearance.token;

import java.time.Instant;

/**
 * What a token says about itself, for audit and logs: never the token or its signature. Values are
 * unverified when the token was refused, and any of them may be null.
 */
public record TokenFacts(String issuer, String subject, String jti, Instant expiry) {

    public static final TokenFacts NONE = new TokenFacts(null, null, null, null);
}
