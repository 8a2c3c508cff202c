package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Estimates the heap one verdict-cache entry retains, so the cache can be bounded in bytes: a count does not fit a
 * heap (100,000 entries held about 107 MiB of a 155 MiB heap, issue 13). The layout is HotSpot's on 64 bits with
 * compressed references (any heap under 32 GiB): 12-byte object headers, 4-byte references, sizes rounded up to 8.
 * Strings are counted as not shared with anything else (they come from each token's own JSON), so the estimate
 * errs on the high side; {@code EntrySizeTest} compares it with the heap really used.
 */
final class EntrySize {

    private static final int HEADER = 12;
    private static final int REF = 4;
    private static final int ARRAY_HEADER = 16;
    private static final int STRING = 24;
    private static final int INSTANT = 24;

    /**
     * What the cache adds per entry besides key and value: Caffeine's node (56 bytes for strong keys and values,
     * expire-after-write and a weight), ConcurrentHashMap's node (32), its table slot (4 to 8 bytes at a load factor
     * of 0.75, doubling) and the frequency sketch (8 to 16 bytes: a long per entry, rounded up to a power of two).
     */
    static final int CACHE_OVERHEAD = 56 + 32 + 8 + 12;

    /** A bench token's entry (2 groups, one extra, a jti, one audience): the unit the start-up log counts in. */
    static final int TYPICAL = of("0123456789abcdef0123456789abcdef|https://kubernetes.default.svc.cluster.local",
            new AuthnDecision.Authenticated(new Identity("oidc:user:u-000001", null, List.of("oidc:team-a", "oidc:dev"),
                    Map.of("clearance.dev/platform-host", List.of("platform-01.example.com"))),
                    List.of("https://kubernetes.default.svc.cluster.local"),
                    new TokenFacts("https://platform.example.com/api/oidc", "u-000001", "0f8e2c7a-5d4b-4e1a-9c3f-2b6d8a1e7c40",
                            Instant.EPOCH)));

    private EntrySize() {
    }

    /**
     * The bytes retained by this entry: key, decision (reason codes are shared enum constants, not counted), the
     * cache's entry record with its expiry, and the cache's own bookkeeping.
     */
    static int of(String key, AuthnDecision decision) {
        long bytes = CACHE_OVERHEAD + object(2) + INSTANT + string(key) + decision(decision);
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long decision(AuthnDecision decision) {
        long bytes = object(3) + facts(decision.facts());
        if (decision instanceof AuthnDecision.Authenticated accepted) {
            return bytes + identity(accepted.identity()) + list(accepted.audiences());
        }
        if (decision instanceof AuthnDecision.Unauthenticated refused) {
            return bytes + string(refused.message());
        }
        return bytes + string(((AuthnDecision.Undecided) decision).message());
    }

    private static long identity(Identity identity) {
        long bytes = object(4) + string(identity.username()) + string(identity.uid()) + list(identity.groups());
        Map<String, List<String>> extra = identity.extra();
        if (!extra.isEmpty()) {
            // Map.copyOf: Map1 (two fields) for one entry, else MapN with a probe table twice the key and value count
            bytes += extra.size() == 1 ? object(2) : object(2) + array(4 * extra.size());
            for (Map.Entry<String, List<String>> e : extra.entrySet()) {
                bytes += string(e.getKey()) + list(e.getValue());
            }
        }
        return bytes;
    }

    private static long facts(TokenFacts facts) {
        if (facts == TokenFacts.NONE) {
            return 0;
        }
        return object(4) + string(facts.issuer()) + string(facts.subject()) + string(facts.jti())
                + (facts.expiry() == null ? 0 : INSTANT);
    }

    /** {@code List.copyOf}: the shared empty list, List12 for one or two elements, else ListN and its array. */
    private static long list(List<String> list) {
        long bytes = list.isEmpty() ? 0 : list.size() <= 2 ? object(2) : object(2) + array(list.size());
        for (String s : list) {
            bytes += string(s);
        }
        return bytes;
    }

    /** A compact string: one byte per char when all are Latin-1, else two. */
    static long string(String s) {
        if (s == null) {
            return 0;
        }
        int perChar = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return STRING + align(ARRAY_HEADER + (long) perChar * s.length());
    }

    private static long object(int references) {
        return align(HEADER + (long) REF * references);
    }

    private static long array(int references) {
        return align(ARRAY_HEADER + (long) REF * references);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
