package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token must be exactly a compact JWS whose header and payload are JSON objects with members of the right
 * types. Anything else is refused, never repaired (another parser would repair it differently) and never an
 * error. Each case starts from a valid, signed token and makes one change to it, or is crafted whole.
 */
class TokenStructureTest {

    static final String RS256_HEADER = "{\"alg\":\"RS256\",\"kid\":\"" + TestKeys.RSA_1.kid() + "\"}";
    static final String PAYLOAD = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"user:alice\"}";

    record Case(String name, UnaryOperator<String> token, AuthnReason expected, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> malformed() {
        return Stream.of(
                new Case("a leading space", t -> " " + t, AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a trailing space", t -> t + " ", AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a trailing newline", t -> t + "\n", AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a trailing CRLF", t -> t + "\r\n", AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a tab inside the payload", t -> insert(t, 1, "\t"), AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a space after a dot", t -> t.replaceFirst("\\.", ". "), AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("a trailing no-break space (U+00A0)", t -> t + "\u00a0", AuthnReason.MALFORMED_TOKEN, "whitespace"),
                new Case("base64 padding on the signature", t -> t + "==", AuthnReason.MALFORMED_TOKEN, "padding"),
                new Case("base64 padding on the header", t -> t.replaceFirst("\\.", "=."), AuthnReason.MALFORMED_TOKEN, "padding"),
                new Case("a character outside base64url (!) inside the signature", t -> insert(t, 2, "!"),
                        AuthnReason.MALFORMED_TOKEN, "base64url"),
                new Case("the signature in the standard base64 alphabet (+ and /)", TokenStructureTest::standardAlphabetSignature,
                        AuthnReason.MALFORMED_TOKEN, "base64url"),
                new Case("a non-ASCII letter inside the payload", t -> insert(t, 1, "é"), AuthnReason.MALFORMED_TOKEN, "base64url"),
                new Case("a JSON serialisation instead of a compact one", t -> "{\"payload\":\"e30\",\"signatures\":[]}",
                        AuthnReason.MALFORMED_TOKEN, "base64url"),
                new Case("unused bits set in the signature's last character", t -> nonCanonical(t, 2),
                        AuthnReason.MALFORMED_TOKEN, "canonical"),
                new Case("unused bits set in the payload's last character", t -> nonCanonical(crafted(RS256_HEADER, PAYLOAD), 1),
                        AuthnReason.MALFORMED_TOKEN, "canonical"),
                new Case("a part of impossible base64url length", t -> "A." + b64(PAYLOAD) + ".c2ln",
                        AuthnReason.MALFORMED_TOKEN, "base64url"),
                new Case("an empty header part", t -> t.substring(t.indexOf('.')), AuthnReason.MALFORMED_TOKEN, "empty"),
                new Case("an empty payload part", t -> t.substring(0, t.indexOf('.') + 1) + t.substring(t.lastIndexOf('.')),
                        AuthnReason.MALFORMED_TOKEN, "empty"),
                new Case("a header that is a JSON array", t -> crafted("[]", PAYLOAD), AuthnReason.MALFORMED_TOKEN, "JSON object"),
                new Case("a header that is a JSON string", t -> crafted("\"x\"", PAYLOAD), AuthnReason.MALFORMED_TOKEN, "JSON object"),
                new Case("a header that is a JSON number", t -> crafted("1", PAYLOAD), AuthnReason.MALFORMED_TOKEN, "JSON object"),
                new Case("a header that is JSON null", t -> crafted("null", PAYLOAD), AuthnReason.MALFORMED_TOKEN, "JSON object"),
                new Case("a header followed by a second JSON value", t -> crafted(RS256_HEADER + "{}", PAYLOAD),
                        AuthnReason.MALFORMED_TOKEN, "JSON object"),
                new Case("a payload that is an empty JSON array", t -> crafted(RS256_HEADER, "[]"), AuthnReason.MALFORMED_TOKEN,
                        "JSON object"),
                new Case("a payload that is a JSON string", t -> crafted(RS256_HEADER, "\"x\""), AuthnReason.MALFORMED_TOKEN,
                        "JSON object"),
                new Case("a payload that is a JSON number", t -> crafted(RS256_HEADER, "1"), AuthnReason.MALFORMED_TOKEN,
                        "JSON object"),
                new Case("a payload that is JSON null", t -> crafted(RS256_HEADER, "null"), AuthnReason.MALFORMED_TOKEN,
                        "JSON object"),
                new Case("a header that is not UTF-8", t -> crafted(bytes("{\"alg\":\"RS256\",\"x\":\"", 0xff, "\"}"), PAYLOAD.getBytes(StandardCharsets.UTF_8)),
                        AuthnReason.MALFORMED_TOKEN, "UTF-8"),
                new Case("a claim that is not UTF-8", t -> crafted(RS256_HEADER.getBytes(StandardCharsets.UTF_8),
                        bytes("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"", 0xc3, "\"}")), AuthnReason.MALFORMED_TOKEN, "UTF-8"),
                new Case("alg as a number (the fuzzer's eyJhbGciOjF9.e30.c2ln)", t -> "eyJhbGciOjF9.e30.c2ln",
                        AuthnReason.MALFORMED_TOKEN, "alg must be a string"),
                new Case("alg as an object", t -> crafted("{\"alg\":{\"name\":\"RS256\"}}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "alg must be a string"),
                new Case("alg as an array", t -> crafted("{\"alg\":[\"RS256\"]}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "alg must be a string"),
                new Case("alg as a boolean", t -> crafted("{\"alg\":true}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "alg must be a string"),
                new Case("alg as a fraction", t -> crafted("{\"alg\":256.5}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "alg must be a string"),
                new Case("alg as null", t -> crafted("{\"alg\":null}", PAYLOAD), AuthnReason.MALFORMED_TOKEN, "alg must be a string"),
                new Case("no alg at all", t -> crafted("{\"kid\":\"k\"}", PAYLOAD), AuthnReason.UNSUPPORTED_ALGORITHM, "alg"),
                new Case("kid as a number", t -> crafted("{\"alg\":\"RS256\",\"kid\":1}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "kid must be a string"),
                new Case("kid as an object", t -> crafted("{\"alg\":\"RS256\",\"kid\":{}}", PAYLOAD), AuthnReason.MALFORMED_TOKEN,
                        "kid must be a string"),
                new Case("kid as null", t -> resign(h -> h.header("kid", null)), AuthnReason.MALFORMED_TOKEN, "kid must be a string"),
                new Case("crit as null", t -> resign(h -> h.header("crit", null)), AuthnReason.MALFORMED_TOKEN, "crit"),
                new Case("crit as an empty array", t -> resign(h -> h.header("crit", java.util.List.of())),
                        AuthnReason.MALFORMED_TOKEN, "crit"),
                new Case("crit as a string", t -> crafted("{\"alg\":\"RS256\",\"crit\":\"exp\"}", PAYLOAD),
                        AuthnReason.MALFORMED_TOKEN, "crit"),
                new Case("b64 true without crit", t -> resign(h -> h.header("b64", true)), AuthnReason.MALFORMED_TOKEN, "b64"),
                new Case("b64 as a string", t -> resign(h -> h.header("b64", "false")), AuthnReason.MALFORMED_TOKEN, "b64"),
                new Case("a header naming alg twice", t -> crafted("{\"alg\":\"RS256\",\"alg\":\"none\"}", PAYLOAD),
                        AuthnReason.MALFORMED_TOKEN, "twice"),
                new Case("a header naming alg twice, once escaped", t -> crafted("{\"alg\":\"RS256\",\"\\u0061lg\":\"none\"}", PAYLOAD),
                        AuthnReason.MALFORMED_TOKEN, "twice"),
                new Case("a payload naming sub twice", t -> resign(h -> h.payloadJson("{\"iss\":\"" + TestTokens.ISSUER
                        + "\",\"sub\":\"user:alice\",\"sub\":\"user:root\"}")), AuthnReason.MALFORMED_TOKEN, "twice"),
                new Case("a nested claim naming a member twice", t -> resign(h -> h.payloadJson("{\"iss\":\"" + TestTokens.ISSUER
                        + "\",\"sub\":\"user:alice\",\"x\":{\"a\":1,\"a\":2}}")), AuthnReason.MALFORMED_TOKEN, "twice"),
                new Case("iss as a number", t -> resign(h -> h.claim("iss", 7)), AuthnReason.MALFORMED_TOKEN, "iss must be a string"),
                new Case("iss as an array", t -> resign(h -> h.claim("iss", java.util.List.of(TestTokens.ISSUER))),
                        AuthnReason.MALFORMED_TOKEN, "iss must be a string"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("malformed")
    void refusesEveryShapeButAnExactCompactJws(Case c) {
        String valid = TestTokens.at(TokenVerifierTest.NOW).sign();
        String token = c.token().apply(valid);

        TokenVerdict verdict = TokenVerifierTest.verifier().verify(token).toCompletableFuture().join();

        TokenVerdict.Invalid invalid = assertInstanceOf(TokenVerdict.Invalid.class, verdict, c.name());
        assertEquals(c.expected(), invalid.reason(), c.name() + ": " + invalid.message());
        assertTrue(invalid.message().contains(c.says()), () -> c.name() + ": message should say " + c.says() + ": "
                + invalid.message());
        assertFalse(invalid.message().chars().anyMatch(Character::isISOControl), () -> "control character in " + invalid.message());
    }

    /** The token every case starts from is valid, so each case above has exactly one defect. */
    @org.junit.jupiter.api.Test
    void theUntouchedTokenIsValid() {
        TokenVerdict verdict = TokenVerifierTest.verifier().verify(TestTokens.at(TokenVerifierTest.NOW).sign())
                .toCompletableFuture().join();

        assertInstanceOf(TokenVerdict.Valid.class, verdict, verdict::toString);
    }

    /** A valid token signed again after one change to its header or claims. */
    static String resign(UnaryOperator<TestTokens> edit) {
        return edit.apply(TestTokens.at(TokenVerifierTest.NOW)).sign();
    }

    static String crafted(String header, String payload) {
        return b64(header) + "." + b64(payload) + ".c2ln";
    }

    static String crafted(byte[] header, byte[] payload) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(header) + "." + e.encodeToString(payload) + ".c2ln";
    }

    static byte[] bytes(String before, int raw, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] b = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = (byte) raw;
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Inserts {@code text} in the middle of part {@code part} (0 header, 1 payload, 2 signature). */
    static String insert(String token, int part, String text) {
        String[] parts = token.split("\\.", -1);
        int middle = parts[part].length() / 2;
        parts[part] = parts[part].substring(0, middle) + text + parts[part].substring(middle);
        return String.join(".", parts);
    }

    /** The same bytes in standard base64: {@code -} and {@code _} become {@code +} and {@code /}. */
    static String standardAlphabetSignature(String token) {
        int dot = token.lastIndexOf('.');
        String signature = token.substring(dot + 1);
        assertTrue(signature.contains("-") || signature.contains("_"), "the case needs a signature with - or _");
        return token.substring(0, dot + 1) + signature.replace('-', '+').replace('_', '/');
    }

    /** Sets the lowest unused bit of the part's last character: the bytes decode the same, the text differs. */
    static String nonCanonical(String token, int part) {
        String[] parts = token.split("\\.", -1);
        String p = parts[part];
        assertTrue(p.length() % 4 == 2 || p.length() % 4 == 3, "the case needs a part whose last character has unused bits");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(p.charAt(p.length() - 1));
        assertEquals(0, value & 1, "a canonical encoder leaves unused bits zero");
        parts[part] = p.substring(0, p.length() - 1) + alphabet.charAt(value | 1);
        assertEquals(new String(Base64.getUrlDecoder().decode(p), StandardCharsets.ISO_8859_1),
                new String(Base64.getUrlDecoder().decode(parts[part]), StandardCharsets.ISO_8859_1), "same bytes");
        return String.join(".", parts);
    }
}
