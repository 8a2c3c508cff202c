package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import java.time.Instant;

/** Remembers decisions per token fingerprint and requested audiences, each until its own expiry. */
interface VerdictCache {

    /** The decision stored under {@code key}, or null when there is none or it expired before {@code now}. */
    AuthnDecision get(String key, Instant now);

    /**
     * Stores a decision, unless decisions were dropped ({@link #dropIssuers}) since {@code generation} was read: a
     * verification that was under way while the configuration changed may have used the old one.
     *
     * @param generation {@link #generation()} as it was before the verification started
     */
    void put(String key, AuthnDecision decision, Instant expiresAt, long generation);

    /** Stores a decision reached under the configuration in force now. */
    default void put(String key, AuthnDecision decision, Instant expiresAt) {
        put(key, decision, expiresAt, generation());
    }

    /** Changes with every {@link #dropIssuers}; read it before verifying and hand it to {@link #put}. */
    long generation();

    /**
     * Forgets every decision about a token of these issuers ({@code iss} values): their configuration changed.
     *
     * @return how many decisions were forgotten
     */
    int dropIssuers(java.util.Set<String> issuers);
}
