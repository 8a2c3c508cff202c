package dev.clearance.token;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * An immutable snapshot of an issuer's signing keys, parsed from a JWKS. Only public signature keys are kept:
 * symmetric keys, encryption keys and keys jose4j cannot read are skipped, and private parts are never used.
 */
final class KeySet {

    static final int MAX_KEYS = 100;

    /** A key together with its {@code kid}, which may be null. */
    record Entry(String kid, PublicKey key) {}

    private final List<Entry> entries;
    private final Map<String, List<Entry>> byKid;
    private final Instant fetchedAt;
    private final int skipped;

    private KeySet(List<Entry> entries, Instant fetchedAt, int skipped) {
        this.entries = List.copyOf(entries);
        Map<String, List<Entry>> index = new HashMap<>();
        for (Entry e : entries) {
            if (e.kid() != null) {
                index.computeIfAbsent(e.kid(), k -> new ArrayList<>()).add(e);
            }
        }
        this.byKid = Collections.unmodifiableMap(index);
        this.fetchedAt = fetchedAt;
        this.skipped = skipped;
    }

    /** Parses a JWKS document; fails when it is not one or holds no usable key. */
    static KeySet parse(String json, Instant fetchedAt) throws KeySetException {
        Map<String, Object> document;
        try {
            document = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw new KeySetException("the JWKS is not a JSON object");
        }
        if (!(document.get("keys") instanceof List<?> keys)) {
            throw new KeySetException("the JWKS has no \"keys\" array");
        }
        if (keys.size() > MAX_KEYS) {
            throw new KeySetException("the JWKS holds " + keys.size() + " keys, more than the " + MAX_KEYS + " accepted");
        }
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        for (Object item : keys) {
            Entry entry = toEntry(item);
            if (entry == null) {
                skipped++;
            } else {
                entries.add(entry);
            }
        }
        if (entries.isEmpty()) {
            throw new KeySetException("the JWKS holds no usable public signature key (" + skipped + " skipped)");
        }
        return new KeySet(entries, fetchedAt, skipped);
    }

    @SuppressWarnings("unchecked")
    private static Entry toEntry(Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            return null;
        }
        Object use = map.get("use");
        if (use != null && !"sig".equals(use)) {
            return null;
        }
        Object kty = map.get("kty");
        if (!"RSA".equals(kty) && !"EC".equals(kty) && !"OKP".equals(kty)) {
            return null;
        }
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk((Map<String, Object>) map);
            if (!(jwk instanceof PublicJsonWebKey pub) || pub.getPublicKey() == null) {
                return null;
            }
            return new Entry(jwk.getKeyId(), pub.getPublicKey());
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The keys a token may have been signed with: those with its {@code kid} (or every key when the token has
     * none), restricted to keys that fit the algorithm.
     */
    List<PublicKey> candidates(String kid, JwsAlgorithm alg) {
        List<Entry> pool = kid == null ? entries : byKid.getOrDefault(kid, List.of());
        List<PublicKey> out = new ArrayList<>(pool.size());
        for (Entry e : pool) {
            if (alg.fits(e.key())) {
                out.add(e.key());
            }
        }
        return out;
    }

    boolean hasKid(String kid) {
        return kid != null && byKid.containsKey(kid);
    }

    int size() {
        return entries.size();
    }

    int skipped() {
        return skipped;
    }

    Instant fetchedAt() {
        return fetchedAt;
    }

    /** Why a fetched document could not be used as a key set. */
    static final class KeySetException extends Exception {
        KeySetException(String message) {
            super(Objects.requireNonNull(message), null, false, false);
        }
    }
}
