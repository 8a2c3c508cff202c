package dev.clearance.authn;

import dev.clearance.token.Review;
import dev.clearance.token.AuthnDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.MutableClock;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import dev.clearance.token.TokenVerdict;
import dev.clearance.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import dev.clearance.token.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The verdict cache rules: TTL, the token's exp, 10 s for refusals, never for undecided, audiences in the key. */
class TokenReviewerTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String API = "https://kubernetes.default.svc.cluster.local";

    final MutableClock clock = new MutableClock(NOW);
    final AtomicInteger verifications = new AtomicInteger();
    final AtomicReference<TokenVerdict> next = new AtomicReference<>(valid(NOW.plusSeconds(600)));
    final MapCache cache = new MapCache();

    /** A reviewer whose verifier answers {@link #next} and counts its calls. */
    TokenReviewer reviewer(Duration ttl) {
        return new TokenReviewer(token -> {
            verifications.incrementAndGet();
            return CompletableFuture.completedFuture(next.get());
        }, new AudiencePolicy(Optional.of(List.of(API))), cache, ttl, clock);
    }

    TokenReviewer reviewer() {
        return reviewer(Duration.ofMinutes(2));
    }

    @Test
    void servesARepeatedTokenFromTheCache() {
        TokenReviewer reviewer = reviewer();

        Review first = review(reviewer, "t1", List.of(API));
        Review second = review(reviewer, "t1", List.of(API));

        assertFalse(first.cached());
        assertTrue(second.cached());
        assertEquals(first.decision(), second.decision());
        assertEquals(1, verifications.get());
    }

    @Test
    void aFreshAuthenticationNamesItsOwnDecisionAndAHitRepeatsThatName() {
        TokenReviewer reviewer = reviewer();

        Review first = review(reviewer, "t1", List.of(API));
        Review second = review(reviewer, "t1", List.of(API));

        Identity firstIdentity = ((AuthnDecision.Authenticated) first.decision()).identity();
        Identity secondIdentity = ((AuthnDecision.Authenticated) second.decision()).identity();
        assertEquals(List.of(first.decisionId()), firstIdentity.extra().get(Identity.DECISION_ID_EXTRA));
        assertEquals(List.of(first.decisionId()), secondIdentity.extra().get(Identity.DECISION_ID_EXTRA));
        assertFalse(first.decisionId().equals(second.decisionId()), "a hit is a decision of its own");
        assertTrue(first.decisionId().compareTo(second.decisionId()) < 0, "ids are time-ordered");
        assertEquals(null, first.admittedBy());
        assertEquals(first.decisionId(), second.admittedBy());
    }

    @Test
    void aClaimMappedDecisionIdExtraIsReplacedByTheRealOne() {
        Identity forged = new Identity("oidc:user:alice", null, List.of(), Map.of(Identity.DECISION_ID_EXTRA, List.of("forged"),
                "example.com/kept", List.of("k")));
        next.set(new TokenVerdict.Valid(new VerifiedToken("p", forged, List.of("cluster-123"), NOW.plusSeconds(600), TokenFacts.NONE)));

        Review review = review(reviewer(), "t1", List.of(API));

        Identity identity = ((AuthnDecision.Authenticated) review.decision()).identity();
        assertEquals(Map.of(Identity.DECISION_ID_EXTRA, List.of(review.decisionId()), "example.com/kept", List.of("k")),
                identity.extra());
    }

    @Test
    void aRefusalNamesNoDecisionInAnExtraAndItsHitsNameNoAdmission() {
        next.set(new TokenVerdict.Invalid(AuthnReason.EXPIRED, "expired", TokenFacts.NONE));
        TokenReviewer reviewer = reviewer();

        review(reviewer, "t1", List.of(API));
        Review hit = review(reviewer, "t1", List.of(API));

        assertTrue(hit.cached());
        assertEquals(null, hit.admittedBy());
    }

    /** A reload that drops verdicts while a verification is under way: that verdict, from the old rules, is not kept. */
    @Test
    void aVerdictReachedWhileTheIssuersChangedIsNotCached() {
        CompletableFuture<TokenVerdict> inFlight = new CompletableFuture<>();
        TokenReviewer reviewer = new TokenReviewer(token -> {
            verifications.incrementAndGet();
            return verifications.get() == 1 ? inFlight : CompletableFuture.completedFuture(next.get());
        }, new AudiencePolicy(Optional.of(List.of(API))), cache, Duration.ofMinutes(2), clock);

        var first = reviewer.review("t1", List.of(API)).toCompletableFuture();
        cache.dropIssuers(java.util.Set.of("https://issuer.example"));
        inFlight.complete(next.get());

        assertTrue(first.join().decision() instanceof AuthnDecision.Authenticated);
        Review again = review(reviewer, "t1", List.of(API));
        assertFalse(again.cached(), "verified again under the new configuration");
        assertEquals(2, verifications.get());
        assertTrue(review(reviewer, "t1", List.of(API)).cached(), "and that verdict is cached");
    }

    @Test
    void neverServesAnAcceptedTokenPastItsExpiry() {
        next.set(valid(NOW.plusSeconds(30)));
        TokenReviewer reviewer = reviewer();
        review(reviewer, "t1", List.of(API));

        clock.advance(Duration.ofSeconds(30));
        Review after = review(reviewer, "t1", List.of(API));

        assertFalse(after.cached());
        assertEquals(2, verifications.get());
    }

    @Test
    void neverServesAnAcceptedTokenPastTheTtl() {
        TokenReviewer reviewer = reviewer();
        review(reviewer, "t1", List.of(API));

        clock.advance(Duration.ofMinutes(2));

        assertFalse(review(reviewer, "t1", List.of(API)).cached());
    }

    @Test
    void cachesRefusalsForTenSecondsAtMost() {
        next.set(new TokenVerdict.Invalid(AuthnReason.EXPIRED, "token expired", TokenFacts.NONE));
        TokenReviewer reviewer = reviewer();
        review(reviewer, "t1", List.of(API));

        clock.advance(Duration.ofSeconds(9));
        boolean within = review(reviewer, "t1", List.of(API)).cached();
        clock.advance(Duration.ofSeconds(1));
        boolean after = review(reviewer, "t1", List.of(API)).cached();

        assertTrue(within);
        assertFalse(after);
    }

    @Test
    void neverCachesUndecidedAnswers() {
        next.set(new TokenVerdict.Unavailable("p", "no keys", TokenFacts.NONE));
        TokenReviewer reviewer = reviewer();

        Review first = review(reviewer, "t1", List.of(API));
        Review second = review(reviewer, "t1", List.of(API));

        assertInstanceOf(AuthnDecision.Undecided.class, first.decision());
        assertFalse(second.cached());
        assertEquals(2, verifications.get());
    }

    @Test
    void keysTheCacheByRequestedAudiences() {
        TokenReviewer reviewer = reviewer();
        review(reviewer, "t1", List.of(API));

        Review other = review(reviewer, "t1", List.of("vault"));

        assertFalse(other.cached());
        assertEquals(AuthnReason.AUDIENCE_MISMATCH, other.decision().reason());
    }

    @Test
    void aZeroTtlDisablesTheCache() {
        TokenReviewer reviewer = reviewer(Duration.ZERO);

        review(reviewer, "t1", List.of(API));
        Review second = review(reviewer, "t1", List.of(API));

        assertFalse(second.cached());
        assertEquals(0, cache.entries.size());
    }

    @Test
    void identifiesTokensByFingerprintOnly() {
        Review review = review(reviewer(), "secret-token-value", List.of(API));

        assertEquals(32, review.fingerprint().length());
        assertFalse(cache.entries.keySet().stream().anyMatch(k -> k.contains("secret-token-value")));
    }

    record Crash(String name, TokenVerifier verifier) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Crash> crashes() {
        return List.of(
                new Crash("the verifier throws instead of returning a stage", token -> {
                    throw new ClassCastException("class java.lang.Long cannot be cast to class java.lang.String");
                }),
                new Crash("the verifier's stage fails", token -> CompletableFuture.failedFuture(new IllegalStateException("bug"))),
                new Crash("the verifier's stage completes with null", token -> CompletableFuture.completedFuture(null)));
    }

    @ParameterizedTest
    @MethodSource("crashes")
    void aFailureOnTheWayToAVerdictRefusesTheTokenAndIsNeverCached(Crash crash) {
        TokenReviewer reviewer = new TokenReviewer(crash.verifier(), new AudiencePolicy(Optional.of(List.of(API))), cache,
                Duration.ofMinutes(2), clock);

        Review review = review(reviewer, "eyJhbGciOjF9.e30.c2ln", List.of(API));

        AuthnDecision.Unauthenticated refused = assertInstanceOf(AuthnDecision.Unauthenticated.class, review.decision());
        assertEquals(AuthnReason.INTERNAL_ERROR, refused.reason());
        assertTrue(refused.message().contains(review.fingerprint()), refused.message());
        assertFalse(refused.message().contains("eyJ"), "the token is never echoed");
        assertTrue(cache.entries.isEmpty(), "a failure is not a verdict to remember");
    }

    static Review review(TokenReviewer reviewer, String token, List<String> audiences) {
        return reviewer.review(token, audiences).toCompletableFuture().join();
    }

    static TokenVerdict valid(Instant exp) {
        Identity id = new Identity("oidc:user:alice", null, List.of("oidc:team-a"), Map.of());
        return new TokenVerdict.Valid(new VerifiedToken("p", id, List.of("cluster-123"), exp, TokenFacts.NONE));
    }

    static final class MapCache implements VerdictCache {
        final Map<String, Map.Entry<AuthnDecision, Instant>> entries = new HashMap<>();

        @Override
        public AuthnDecision get(String key, Instant now) {
            Map.Entry<AuthnDecision, Instant> e = entries.get(key);
            return e == null || !now.isBefore(e.getValue()) ? null : e.getKey();
        }

        long generation;

        @Override
        public void put(String key, AuthnDecision decision, Instant expiresAt, long seen) {
            if (seen == generation) {
                entries.put(key, Map.entry(decision, expiresAt));
            }
        }

        @Override
        public long generation() {
            return generation;
        }

        @Override
        public int dropIssuers(java.util.Set<String> issuers) {
            generation++;
            int before = entries.size();
            entries.values().removeIf(e -> issuers.contains(e.getKey().facts().issuer()));
            return before - entries.size();
        }
    }
}
