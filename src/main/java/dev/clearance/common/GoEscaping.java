package dev.clearance.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's {@code net/url} percent-encoding rules ({@code unescape}, {@code shouldEscape}, {@code validEncoded}) for {@link GoUrl}. */
final class GoEscaping {

    /** Go's {@code encoding} modes that the parser and {@code EscapedPath} use. */
    enum Mode { HOST, ZONE, PATH, USER, QUERY_COMPONENT, FRAGMENT }

    private GoEscaping() {}

    /** Go's {@code unescape(s, mode)}: the decoded text, or Go's error. */
    static String unescape(String s, Mode mode) throws GoUrl.Reason {
        boolean plus = false;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    throw escapeError(s, i);
                }
                int v = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                boolean percent = v == '%';
                if (mode == Mode.HOST && v < 0x80 && !percent
                        || mode == Mode.ZONE && !percent && v != ' ' && shouldEscapeInHost(v)) {
                    throw escapeError(s, i);
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscapeInHost(c)) {
                    throw new GoUrl.Reason("invalid character " + GoQuote.quote(String.valueOf(c)) + " in host name");
                }
                plus |= c == '+' && mode == Mode.QUERY_COMPONENT;
                i++;
            }
        }
        return s.indexOf('%') < 0 && !plus ? s : decode(s, mode == Mode.QUERY_COMPONENT);
    }

    private static String decode(String s, boolean plusIsSpace) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(plusIsSpace && bytes[i] == '+' ? ' ' : bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Go's {@code EscapeError(s[i:i+3])}: three bytes, not characters, so a character may be cut; its bytes then show
     * as {@code \xc3}, as Go's {@code %q} shows invalid UTF-8.
     */
    private static GoUrl.Reason escapeError(String s, int i) {
        StringBuilder whole = new StringBuilder();
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int j = i; j < s.length() && bytes < 3; j += Character.charCount(s.codePointAt(j))) {
            String character = new String(Character.toChars(s.codePointAt(j)));
            byte[] encoded = character.getBytes(StandardCharsets.UTF_8);
            if (bytes + encoded.length > 3) {
                for (int k = 0; k < 3 - bytes; k++) {
                    cut.append(String.format("\\x%02x", encoded[k] & 0xff));
                }
                break;
            }
            whole.append(character);
            bytes += encoded.length;
        }
        String quoted = GoQuote.quote(whole.toString());
        return new GoUrl.Reason("invalid URL escape " + quoted.substring(0, quoted.length() - 1) + cut + '"');
    }

    /** Go's {@code validEncoded(s, encodePath)}. */
    static boolean validEncodedPath(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("!$&'()*+,;=:@[]%".indexOf(c) < 0 && shouldEscapeInPath(c)) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code escape(s, encodePath)}. */
    static String escapePath(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && !shouldEscapeInPath((char) c)) {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }

    /** Go's {@code shouldEscape(c, encodePath)}; everything outside ASCII is escaped. */
    private static boolean shouldEscapeInPath(char c) {
        return !(alnum(c) || "-_.~$&+,/:;=@".indexOf(c) >= 0);
    }

    /** Go's {@code shouldEscape(c, encodeHost)}; everything outside ASCII is escaped. */
    private static boolean shouldEscapeInHost(int c) {
        return !(alnum(c) || "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0);
    }

    static boolean alnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean hex(char c) {
        return c < 0x80 && Character.digit(c, 16) >= 0;
    }
}
