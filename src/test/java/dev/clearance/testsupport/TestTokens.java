package dev.clearance.testsupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Mints tokens for tests with the test-only keys: a valid platform-shaped token by default, and exactly one
 * defect per negative case through the claim and header hooks.
 */
public final class TestTokens {

    public static final String ISSUER = "https://platform.test.example/api/oidc";
    public static final String AUDIENCE = "cluster-test";

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private String alg = "RS256";
    private TestKeys.TestKey key = TestKeys.RSA_1;
    private String kid = TestKeys.RSA_1.kid();
    private byte[] hmacSecret;
    private String payloadJson;

    private TestTokens(Instant now) {
        claims.put("iss", ISSUER);
        claims.put("sub", "user:alice");
        claims.put("aud", AUDIENCE);
        claims.put("groups", List.of("team-a", "cluster-scope"));
        claims.put("platform_host", "platform.test.example");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(600).getEpochSecond());
    }

    /** A valid token issued at {@code now}, RS256 with {@link TestKeys#RSA_1}. */
    public static TestTokens at(Instant now) {
        return new TestTokens(now);
    }

    public static TestTokens now() {
        return new TestTokens(Instant.now());
    }

    public TestTokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TestTokens without(String claim) {
        claims.remove(claim);
        return this;
    }

    public TestTokens header(String name, Object value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Signs exactly this payload text instead of the claims: for shapes a map cannot hold (a repeated member name,
     * nesting deeper than a JSON writer recurses).
     */
    public TestTokens payloadJson(String json) {
        this.payloadJson = json;
        return this;
    }

    public TestTokens claims(Consumer<Map<String, Object>> edit) {
        edit.accept(claims);
        return this;
    }

    /** Signs with {@code key}, published under its own kid. */
    public TestTokens signedBy(TestKeys.TestKey key, String alg) {
        this.key = key;
        this.kid = key.kid();
        this.alg = alg;
        return this;
    }

    /** The kid header, or null for none. */
    public TestTokens kid(String kid) {
        this.kid = kid;
        return this;
    }

    public TestTokens hmac(byte[] secret) {
        this.alg = "HS256";
        this.hmacSecret = secret;
        return this;
    }

    public TestTokens unsigned() {
        this.alg = "none";
        return this;
    }

    public String sign() {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(payloadJson != null ? payloadJson : JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(alg);
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            headers.forEach(jws.getHeaders()::setObjectHeaderValue);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setDoKeyValidation(false);
            if ("none".equals(alg)) {
                jws.setKey(null);
            } else if (hmacSecret != null) {
                jws.setKey(new HmacKey(hmacSecret));
            } else {
                jws.setKey(key.privateKey());
            }
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
