package dev.clearance.token.authconfig;

import dev.clearance.common.GoQuote;

/**
 * Go's renderings of a string in kube-apiserver's messages: {@code %q} (strconv.Quote) for field values and
 * encoding/json for structured ones. Both escape every control and non-printable character, so the result is safe
 * in a log line; unlike {@link dev.clearance.token.Text#quote} they do not shorten, because the messages must read
 * exactly as kube-apiserver's, and they only ever show the operator's own configuration file.
 */
final class GoText {

    private GoText() {}

    /** Go's {@code strconv.Quote}. */
    static String quote(String value) {
        return GoQuote.quote(value);
    }

    /** Go's encoding/json rendering of a string (HTML-safe, as json.Marshal is). */
    static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < ' ' || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !validPair(value, i)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
