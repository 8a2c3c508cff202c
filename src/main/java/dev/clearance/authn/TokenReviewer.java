package dev.clearance.authn;

import dev.clearance.token.AuthnReason;
import dev.clearance.token.Fingerprint;
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

/**
 * Answers a TokenReview's question (this token, these audiences) from the verdict cache or the verifier.
 * Accepted tokens are cached until {@code cache-ttl} or their {@code exp}, whichever is first; refusals at
 * most {@link #MAX_REFUSAL_TTL}; undecided answers never.
 */
public final class TokenReviewer {

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

    public CompletionStage<Review> review(String token, List<String> requestedAudiences) {
        String fingerprint = Fingerprint.of(token);
        boolean caching = !ttl.isZero();
        String key = caching ? fingerprint + '|' + String.join("\n", requestedAudiences) : null;
        if (caching) {
            AuthnDecision hit = cache.get(key, clock.instant());
            if (hit != null) {
                return CompletableFuture.completedFuture(new Review(hit, fingerprint, true));
            }
        }
        return verifier.verify(token).thenApply(verdict -> {
            AuthnDecision decision = decide(verdict, requestedAudiences);
            if (caching) {
                expiry(decision, verdict).ifPresent(expiresAt -> cache.put(key, decision, expiresAt));
            }
            return new Review(decision, fingerprint, false);
        });
    }

    private AuthnDecision decide(TokenVerdict verdict, List<String> requested) {
        if (verdict instanceof TokenVerdict.Valid valid) {
            VerifiedToken token = valid.token();
            Optional<List<String>> status = audiences.statusAudiences(requested, token.audiences());
            if (status.isEmpty()) {
                return new AuthnDecision.Unauthenticated(AuthnReason.AUDIENCE_MISMATCH, "token is not valid for any of "
                        + "the requested audiences " + String.join(", ", requested), token.facts());
            }
            return new AuthnDecision.Authenticated(token.identity(), status.get(), token.facts());
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
