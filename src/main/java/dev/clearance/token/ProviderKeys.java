package dev.clearance.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key in the form a provider verifies with fastest. Given the JDK's key objects, ACCP converts each into its own
 * native key on every verification (about 6 of its 21 µs per RS256 check here); translated once, the key is used as
 * is. Translations are remembered per key object, weakly, so a refreshed key set's old keys go with it. A key the
 * provider cannot translate is used as it was (the provider then judges it as before).
 */
final class ProviderKeys {

    private static final Map<String, Cache<PublicKey, PublicKey>> BY_PROVIDER = new ConcurrentHashMap<>();

    private ProviderKeys() {}

    /** @param provider non-null */
    static PublicKey forProvider(PublicKey key, Provider provider) {
        Cache<PublicKey, PublicKey> keys = BY_PROVIDER.computeIfAbsent(provider.getName(),
                name -> Caffeine.newBuilder().weakKeys().maximumSize(10_000).build());
        return keys.get(key, k -> translate(k, provider));
    }

    private static PublicKey translate(PublicKey key, Provider provider) {
        try {
            return (PublicKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return key;
        }
    }
}
