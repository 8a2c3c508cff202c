package dev.clearance.authn;

import dev.clearance.audit.DecisionIds;
import dev.clearance.token.TokenReviews;
import dev.clearance.token.Review;
import dev.clearance.token.AuthnDecision;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Fingerprint;
import dev.clearance.token.TokenFacts;
import dev.clearance.token.TokenVerdict;
import dev.clearance.token.TokenVerifier;
import dev.clearance.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import dev.clearance.common.BugLog;

/**
 * Answers a TokenReview's question (this token, these audiences) from the verdict cache or the verifier.
 * Accepted tokens are cached until {@code cache-ttl} or their {@code exp}, whichever is first; refusals at
 * most {@link #MAX_REFUSAL_TTL}; undecided answers never.
 *
 * <p>Every review gets its own decision id; an accepted token's identity carries the id of the review that decided
 * it ({@code clearance.dev/decision-id}), cached with it, so a cache hit still names the original decision.
 */
public final class TokenReviewer implements TokenReviews {

    private static final BugLog BUGS = new BugLog(TokenReviewer.class);

    static final Duration MAX_REFUSAL_TTL = Duration.ofSeconds(10);

    private final TokenVerifier verifier;
    private final AudiencePolicy audiences;
    private final VerdictCache cache;
    private final Duration ttl;
    private final Clock clock;

    TokenReviewer(TokenVerifier verifier, AudiencePolicy audiences, VerdictCache cache, Duration ttl, Clock clock) {
        this.verifier = verifier;
        this.audiences = audiences;
        this.cache = cache;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Review> review(String token, List<String> requestedAudiences) {
        String fingerprint = Fingerprint.of(token);
        boolean caching = !ttl.isZero();
        String key = caching ? fingerprint + '|' + String.join("\n", requestedAudiences) : null;
        String decisionId = DecisionIds.next();
        if (caching) {
            AuthnDecision hit = cache.get(key, clock.instant());
            if (hit != null) {
                return CompletableFuture.completedFuture(new Review(hit, fingerprint, true, decisionId));
            }
        }
        long generation = caching ? cache.generation() : 0; // before verifying: a reload meanwhile voids the verdict
        CompletionStage<TokenVerdict> verdicts;
        try {
            verdicts = verifier.verify(token);
        } catch (RuntimeException e) {
            verdicts = CompletableFuture.failedFuture(e);
        }
        return verdicts.handle((verdict, failure) -> {
            if (failure != null) {
                return new Review(failed(failure, fingerprint), fingerprint, false, decisionId);
            }
            try {
                AuthnDecision decision = decide(verdict, requestedAudiences, decisionId);
                if (caching) {
                    expiry(decision, verdict).ifPresent(expiresAt -> cache.put(key, decision, expiresAt, generation));
                }
                return new Review(decision, fingerprint, false, decisionId);
            } catch (RuntimeException e) {
                return new Review(failed(e, fingerprint), fingerprint, false, decisionId);
            }
        });
    }

    /**
     * The top-level guard of both modes: an exception on the way to a verdict is a bug, and the token is refused
     * (fail closed, never cached) rather than answered with a 500 or left unanswered. Logged once with the token's
     * fingerprint and where it happened; the stack trace only at DEBUG, since any client can send such a token.
     */
    private static AuthnDecision failed(Throwable failure, String fingerprint) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        BUGS.failed("webhook=authn fingerprint=" + fingerprint + ": verification failed, the token is refused", cause);
        return new AuthnDecision.Unauthenticated(AuthnReason.INTERNAL_ERROR, "clearance failed while verifying this token "
                + "and refused it; the failure is logged with the token's fingerprint " + fingerprint, TokenFacts.NONE);
    }

    private AuthnDecision decide(TokenVerdict verdict, List<String> requested, String decisionId) {
        if (verdict instanceof TokenVerdict.Valid valid) {
            VerifiedToken token = valid.token();
            Optional<List<String>> status = audiences.statusAudiences(requested, token.audiences());
            if (status.isEmpty()) {
                return new AuthnDecision.Unauthenticated(AuthnReason.AUDIENCE_MISMATCH, "token is not valid for any of "
                        + "the requested audiences " + String.join(", ", requested), token.facts());
            }
            return new AuthnDecision.Authenticated(token.identity().withDecisionId(decisionId), status.get(), token.facts());
        }
        if (verdict instanceof TokenVerdict.Invalid invalid) {
            return new AuthnDecision.Unauthenticated(invalid.reason(), invalid.message(), invalid.facts());
        }
        TokenVerdict.Unavailable unavailable = (TokenVerdict.Unavailable) verdict;
        return new AuthnDecision.Undecided(unavailable.message(), unavailable.facts());
    }

    private Optional<Instant> expiry(AuthnDecision decision, TokenVerdict verdict) {
        Instant now = clock.instant();
        if (decision instanceof AuthnDecision.Undecided) {
            return Optional.empty();
        }
        if (decision instanceof AuthnDecision.Authenticated) {
            Instant byTtl = now.plus(ttl);
            Instant exp = ((TokenVerdict.Valid) verdict).token().expiry();
            return Optional.of(exp.isBefore(byTtl) ? exp : byTtl);
        }
        return Optional.of(now.plus(ttl.compareTo(MAX_REFUSAL_TTL) < 0 ? ttl : MAX_REFUSAL_TTL));
    }
}
