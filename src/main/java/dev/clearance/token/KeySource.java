package dev.clearance.token;

import java.util.concurrent.CompletableFuture;

/** Fetches an issuer's JWKS document. Implementations never block the caller. */
interface KeySource {

    /** The JWKS document, or a failure whose message an operator can act on. */
    CompletableFuture<String> fetch();

    /** Where the keys come from, for health data and logs. */
    String describe();
}
