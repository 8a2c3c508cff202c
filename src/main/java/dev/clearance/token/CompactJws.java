package dev.clearance.token;

import dev.clearance.common.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A token that is exactly a compact JWS: three unpadded, canonical base64url parts, a header and a payload that
 * are UTF-8 JSON objects naming each member once, and header members of the types clearance reads. Nothing is
 * verified yet.
 *
 * <p>Parsing is total and strict: every other input is a {@link TokenRefusal}, never an exception, and nothing is
 * repaired. jose4j alone would skip whitespace and foreign characters inside a part and accept unused bits in
 * the last character; another parser (kube-apiserver's, an audit tool's) would then read a different token, or
 * the same signed bytes would pass under many spellings with as many fingerprints.
 *
 * @param compact the token as presented
 * @param alg the header's {@code alg}, a string
 * @param kid the header's {@code kid}, null when absent
 * @param claims the payload
 * @param signature the signature part's bytes (empty when the part is), checked by {@link JwsSignatures}
 */
record CompactJws(String compact, String alg, String kid, Map<String, Object> claims, byte[] signature) {

    /** The base64url alphabet (RFC 4648, 5), by ASCII code. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64URL[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            BASE64URL[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64URL[c] = true;
        }
        BASE64URL['-'] = true;
        BASE64URL['_'] = true;
    }

    /** Unused bits of a last character: none, impossible, four, two (by length modulo 4). */
    private static final int[] UNUSED_BITS = {0, -1, 0x0F, 0x03};

    static CompactJws parse(String token) throws TokenRefusal {
        int dots = checkCharacters(token);
        if (dots == 4) {
            throw malformed("token is encrypted (JWE); clearance accepts signed JWTs only");
        }
        if (dots != 2) {
            throw malformed("token is not a JWT (three base64url parts separated by dots)");
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        Map<String, Object> header = object("header", decode("header", token.substring(0, first), true));
        Map<String, Object> claims = object("payload", decode("payload", token.substring(first + 1, second), true));
        byte[] signature = decode("signature", token.substring(second + 1), false);

        if (header.containsKey("crit")) {
            throw malformed("token header lists critical extensions (crit), which clearance does not understand");
        }
        if (header.containsKey("b64")) {
            throw malformed("token header has b64 (an RFC 7797 unencoded payload), which clearance does not accept");
        }
        if (!header.containsKey("alg")) {
            throw new TokenRefusal(AuthnReason.UNSUPPORTED_ALGORITHM, "token header has no alg");
        }
        String alg = string(header, "alg");
        String kid = header.containsKey("kid") ? string(header, "kid") : null;
        return new CompactJws(token, alg, kid, claims, signature);
    }

    /** What the signature covers: the header and payload parts exactly as presented (ASCII, as checked). */
    byte[] signingInput() {
        return compact.substring(0, compact.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    /** "a string", "an array", … for a message that names what a JSON value is without printing it. */
    static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return "an array";
    }

    /** Every character must be a dot or base64url; returns the number of dots. */
    private static int checkCharacters(String token) throws TokenRefusal {
        // one table lookup per character, the refusal's wording kept out of the loop: 0.18 µs for a 470-character
        // token in-process against 0.66 µs with five comparisons per character and the wording inline
        // (JFR's samples overstate this loop: it had 14 % of them)
        int dots = 0;
        int length = token.length();
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c < 128 && BASE64URL[c]) {
                continue;
            }
            if (c != '.') {
                throw outsideTheAlphabet(token, i, c);
            }
            dots++;
        }
        return dots;
    }

    private static TokenRefusal outsideTheAlphabet(String token, int i, char c) {
        String at = String.format("U+%04X at character %d of %d", (int) c, i + 1, token.length());
        if (isSpace(c)) {
            boolean trailing = token.substring(i).chars().allMatch(s -> isSpace((char) s));
            return malformed("token contains whitespace (" + at + "); a JWT has none, and clearance refuses it "
                    + "rather than trim it" + (trailing ? " (was a trailing newline copied with the token?)" : ""));
        }
        if (c == '=') {
            return malformed("token contains base64 padding (" + at + "); the parts of a JWT are unpadded base64url");
        }
        return malformed("token contains " + at + ", outside the base64url alphabet (A-Z a-z 0-9 - _) of a JWT");
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** The part's bytes; refused when empty (if it must not be), of impossible length, or not canonical. */
    private static byte[] decode(String what, String part, boolean required) throws TokenRefusal {
        if (part.isEmpty()) {
            if (required) {
                throw malformed("token " + what + " part is empty");
            }
            return new byte[0];
        }
        int unused = UNUSED_BITS[part.length() % 4];
        if (unused < 0) {
            throw malformed("token " + what + " is not base64url: no encoding has its length");
        }
        if ((sextet(part.charAt(part.length() - 1)) & unused) != 0) {
            throw malformed("token " + what + " is not canonical base64url: its last character has unused bits set");
        }
        return Base64.getUrlDecoder().decode(part);
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private static Map<String, Object> object(String what, byte[] bytes) throws TokenRefusal {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("token " + what + " is not valid UTF-8");
        }
        return TokenJson.object(json, what);
    }

    private static String string(Map<String, Object> header, String member) throws TokenRefusal {
        Object value = header.get(member);
        if (!(value instanceof String s)) {
            throw malformed("token header member " + member + " must be a string, but is " + jsonType(value));
        }
        return s;
    }

    private static TokenRefusal malformed(String message) {
        return new TokenRefusal(AuthnReason.MALFORMED_TOKEN, message);
    }

    @Override
    public String toString() {
        return "CompactJws[alg=" + Text.quote(alg) + ", kid=" + Text.quote(kid) + "]";
    }
}
