package dev.clearance.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** The test-only signing keys in src/test/resources/keys, with the kid each is published under. */
public final class TestKeys {

    public record TestKey(String kid, PrivateKey privateKey, PublicKey publicKey) {
        @Override
        public String toString() {
            return kid;
        }
    }

    public static final TestKey RSA_1 = load("rsa-1", "RSA");
    public static final TestKey RSA_2 = load("rsa-2", "RSA");
    public static final TestKey RSA_ATTACKER = load("rsa-attacker", "RSA");
    public static final TestKey EC_P256 = load("ec-p256", "EC");
    public static final TestKey EC_P384 = load("ec-p384", "EC");
    public static final TestKey ED25519 = load("ed25519", "Ed25519");

    private TestKeys() {}

    /** An RSA key below the 2048-bit minimum, made on demand. */
    public static TestKey weakRsa(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            KeyPair pair = generator.generateKeyPair();
            return new TestKey(kid, pair.getPrivate(), pair.getPublic());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKS document publishing the public halves of {@code keys}, each under its kid. */
    public static String jwks(TestKey... keys) {
        List<Map<String, Object>> published = new ArrayList<>();
        for (TestKey key : keys) {
            published.add(jwk(key));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", published);
        return JsonUtil.toJson(doc);
    }

    public static Map<String, Object> jwk(TestKey key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
            jwk.setKeyId(key.kid());
            return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestKey load(String name, String algorithm) {
        try {
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pem("keys/" + name + ".pem")));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pem("keys/" + name + ".pub.pem")));
            return new TestKey(name, privateKey, publicKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load test key " + name, e);
        }
    }

    private static byte[] pem(String resource) throws IOException {
        try (InputStream in = TestKeys.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        }
    }
}
