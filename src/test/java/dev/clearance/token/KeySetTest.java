package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeySetTest {

    static Stream<String> unusable() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i <= KeySet.MAX_KEYS; i++) {
            many.add(TestKeys.jwk(TestKeys.RSA_1));
        }
        return Stream.of(
                "not json",
                "[]",
                "{\"keys\":{}}",
                "{\"keys\":[]}",
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"hmac\"}]}",
                JsonUtil.toJson(Map.of("keys", many)));
    }

    @ParameterizedTest
    @MethodSource("unusable")
    void refusesDocumentsWithoutAUsableKey(String json) {
        assertThrows(KeySet.KeySetException.class, () -> KeySet.parse(json, Instant.EPOCH));
    }

    @Test
    void keepsOnlyPublicSignatureKeys() throws Exception {
        Map<String, Object> encryption = new java.util.LinkedHashMap<>(TestKeys.jwk(TestKeys.RSA_2));
        encryption.put("use", "enc");
        String json = JsonUtil.toJson(Map.of("keys", List.of(
                TestKeys.jwk(TestKeys.RSA_1),
                encryption,
                Map.of("kty", "oct", "k", "c2VjcmV0", "kid", "hmac"),
                Map.of("kty", "RSA", "kid", "broken", "n", "!!", "e", "AQAB"),
                TestKeys.jwk(TestKeys.EC_P256))));

        KeySet keys = KeySet.parse(json, Instant.EPOCH);

        assertEquals(2, keys.size());
        assertEquals(3, keys.skipped());
        assertTrue(keys.hasKid(TestKeys.RSA_1.kid()));
        assertEquals(List.of(), keys.candidates("hmac", JwsAlgorithm.RS256));
        assertEquals(List.of(TestKeys.EC_P256.publicKey()), keys.candidates(null, JwsAlgorithm.ES256));
    }
}
