package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a header or payload reads as: the value types claim rules and CEL rely on, and every refusal. */
class TokenJsonTest {

    @Test
    void readsEveryJsonTypeAsTheTypesClaimRulesExpect() throws TokenRefusal {
        Map<String, Object> claims = TokenJson.object("{\"s\":\"x\\u00e9\\n\",\"i\":42,\"neg\":-0,\"l\":9223372036854775807,"
                + "\"d\":1.5,\"e\":1e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"b\",[],{}],\"o\":{\"k\":[null]}}", "payload");

        assertEquals(List.of("s", "i", "neg", "l", "d", "e", "t", "f", "n", "a", "o"), new ArrayList<>(claims.keySet()), "token order");
        assertEquals("x\u00e9\n", claims.get("s"));
        assertEquals(42L, claims.get("i"));
        assertEquals(0L, claims.get("neg"));
        assertEquals(Long.MAX_VALUE, claims.get("l"));
        assertEquals(1.5d, claims.get("d"));
        assertEquals(1000.0d, claims.get("e"));
        assertEquals(Boolean.TRUE, claims.get("t"));
        assertEquals(Boolean.FALSE, claims.get("f"));
        assertEquals(true, claims.containsKey("n"));
        assertEquals(null, claims.get("n"));
        assertEquals(Arrays.asList(1L, "b", List.of(), Map.of()), claims.get("a"));
        assertEquals(ArrayList.class, claims.get("a").getClass());
        assertEquals(LinkedHashMap.class, claims.get("o").getClass());
        assertEquals(Map.of("k", Arrays.asList((Object) null)), claims.get("o"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "", " ", "[]", "\"a\"", "1", "null", "{", "{\"a\":1", "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1,}", "{\"a\":[1,]}",
        "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1}/*c*/", "{/*c*/\"a\":1}",
        "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":92233720368547758070}", "{\"a\":-92233720368547758090}",
        "{\"a\":tru}", "{\"a\":1 2}",
    })
    void refusesAnythingButOneStrictJsonObject(String json) {
        TokenRefusal refusal = assertThrows(TokenRefusal.class, () -> TokenJson.object(json, "payload"));
        assertEquals(AuthnReason.MALFORMED_TOKEN, refusal.reason());
        assertEquals("token payload is not a JSON object", refusal.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,\"a\":1}",
        "{\"a\":1,\"b\":2,\"a\":null}",
        "{\"o\":{\"x\":1,\"x\":2}}",
        "{\"l\":[{\"x\":[],\"x\":{}}]}",
        "{\"\\u0061\":1,\"a\":2}",
    })
    void refusesANameRepeatedAtAnyDepth(String json) {
        TokenRefusal refusal = assertThrows(TokenRefusal.class, () -> TokenJson.object(json, "header"));
        assertEquals(AuthnReason.MALFORMED_TOKEN, refusal.reason());
        assertEquals("token header names a member twice; clearance refuses it, as parsers disagree on which one counts",
                refusal.getMessage());
    }

    @Test
    void theSameNameInDifferentObjectsIsNoRepeat() throws TokenRefusal {
        Map<String, Object> claims = TokenJson.object("{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}", "payload");
        assertEquals(Map.of("a", Map.of("a", 1L)), claims.get("a"));
    }

    @Test
    void readsNestingAsDeepAsTheTokenWithoutRecursion() throws TokenRefusal {
        int depth = 200_000;
        Map<String, Object> claims = TokenJson.object("{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}", "payload");
        Object level = claims.get("deep");
        int seen = 0;
        while (level instanceof List<?> list && !list.isEmpty()) {
            level = list.get(0);
            seen++;
        }
        assertEquals(depth - 1, seen);
    }
}
