package dev.clearance.token;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Decides a bearer token as a TokenReview would be answered: the same issuers, rules and verdict cache for both
 * modes, so the proxy and the webhook can never disagree about a token. Never completes exceptionally: a failure on
 * the way to a verdict is a refusal (fail closed).
 */
@FunctionalInterface
public interface TokenReviews {

    /** @param audiences the audiences the caller asks about; empty means "the API server's own" */
    CompletionStage<Review> review(String token, List<String> audiences);
}
