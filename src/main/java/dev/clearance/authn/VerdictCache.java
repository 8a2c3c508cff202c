package dev.clearance.authn;

import java.time.Instant;

/** Remembers decisions per token fingerprint and requested audiences, each until its own expiry. */
interface VerdictCache {

    /** The decision stored under {@code key}, or null when there is none or it expired before {@code now}. */
    AuthnDecision get(String key, Instant now);

    void put(String key, AuthnDecision decision, Instant expiresAt);

    /**
     * Forgets every decision about a token of these issuers ({@code iss} values): their configuration changed.
     *
     * @return how many decisions were forgotten
     */
    int dropIssuers(java.util.Set<String> issuers);
}
