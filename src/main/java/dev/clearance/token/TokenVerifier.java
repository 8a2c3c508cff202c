package dev.clearance.token;

import java.util.concurrent.CompletionStage;

/**
 * Verifies bearer tokens against the trusted issuers. Shared by the TokenReview webhook, the audit query and
 * proxy mode; free of HTTP and of webhook wire types.
 */
@FunctionalInterface
public interface TokenVerifier {

    /** Never fails: every outcome, including "cannot decide", is a {@link TokenVerdict}. */
    CompletionStage<TokenVerdict> verify(String token);
}
