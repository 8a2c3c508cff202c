package dev.clearance.token;

/**
 * One reviewed token: the decision, the token's fingerprint (never the token), and whether the decision came
 * from the verdict cache.
 */
public record Review(AuthnDecision decision, String fingerprint, boolean cached) {}
