package dev.clearance.audit;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the {@code decisionId} of every audit event: a UUIDv7 (RFC 9562 section 5.7), 48 bits of Unix milliseconds,
 * then the version, 12 bits {@code rand_a}, the variant and 62 random bits. {@code rand_a} is a counter within the
 * millisecond (RFC 9562 section 6.2, method 1), so ids from one replica sort in the order they were made even within
 * one millisecond; more than 4096 in a millisecond borrow the next one. The random bits keep replicas apart.
 *
 * <p>The id is what links clearance's decision to the API server's audit log (the TokenReview extra, the
 * SubjectAccessReview reason, the proxy's {@code Audit-ID}): not a secret, but never guessable ahead either.
 */
public final class DecisionIds {

    private static final Random RANDOM = new SecureRandom();
    /** The last (milliseconds << 12 | counter) handed out. */
    private static final AtomicLong LAST = new AtomicLong();

    private DecisionIds() {}

    /** A new decision id, e.g. {@code 019b1f2e-7c1a-7000-8f3e-5d2c0b9a4e11}. */
    public static String next() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1));
        return of(stamp >>> 12, (int) (stamp & 0xfff), RANDOM.nextLong()).toString();
    }

    /** The UUIDv7 of {@code millis} (low 48 bits), counter {@code seq} (low 12 bits) and 62 of {@code random}'s bits. */
    static UUID of(long millis, int seq, long random) {
        long msb = (millis & 0xffff_ffff_ffffL) << 16 | 0x7000L | (seq & 0xfff);
        long lsb = random & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
