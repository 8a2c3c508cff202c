package dev.clearance.token.cel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The parts of Go's {@code net/url} parser that kube-apiserver's URL library relies on, with Go's messages. */
final class GoUrl {

    private GoUrl() {}

    /** Go's {@code url.parse(raw, viaRequest)}; {@code viaRequest} is {@code ParseRequestURI}. */
    static KubeUrl parse(String raw, boolean viaRequest) throws UrlException {
        try {
            return parseParts(raw, viaRequest);
        } catch (UrlException e) {
            throw e.raw.equals(raw) ? e : new UrlException(raw, e.reason);
        }
    }

    private static KubeUrl parseParts(String raw, boolean viaRequest) throws UrlException {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < 0x20 || raw.charAt(i) == 0x7f) {
                throw new UrlException(raw, "net/url: invalid control character in URL");
            }
        }
        String rest = raw;
        if (!viaRequest) {
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                unescape(rest.substring(hash + 1), false);
                rest = rest.substring(0, hash);
            }
        }
        if (rest.isEmpty() && viaRequest) {
            throw new UrlException(raw, "empty url");
        }
        if (rest.equals("*")) {
            return new KubeUrl("", "", "", "*", "");
        }
        String scheme = "";
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new UrlException(raw, "missing protocol scheme");
                }
                scheme = KubeUrl.lower(rest.substring(0, i));
                rest = rest.substring(i + 1);
            }
            break;
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new KubeUrl(scheme, rest, "", "", rawQuery);
            }
            if (viaRequest) {
                throw new UrlException(raw, "invalid URI for request");
            }
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw new UrlException(raw, "first path segment in URL cannot contain colon");
            }
        }
        String host = "";
        if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            host = host(raw, authority.substring(authority.lastIndexOf('@') + 1));
        }
        unescape(rest, false);
        return new KubeUrl(scheme, "", host, rest, rawQuery);
    }

    private static String host(String raw, String host) throws UrlException {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new UrlException(raw, "missing ']' in host");
            }
            if (!validOptionalPort(host.substring(close + 1))) {
                throw new UrlException(raw, "invalid port " + FormatValues.quote(host.substring(close + 1))
                        + " after host");
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new UrlException(raw, "invalid port " + FormatValues.quote(host.substring(colon))
                        + " after host");
            }
        }
        unescape(host, false);
        return host;
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Go's percent-decoding; {@code query} also turns '+' into a space. */
    static String unescape(String s, boolean query) throws UrlException {
        if (s.indexOf('%') < 0 && !(query && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0
                        || Character.digit(bytes[i + 2], 16) < 0) {
                    String bad = new String(bytes, i, Math.min(3, bytes.length - i), StandardCharsets.UTF_8);
                    throw new UrlException(s, "invalid URL escape " + FormatValues.quote(bad));
                }
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(query && b == '+' ? ' ' : b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether a path is a valid encoding as Go's {@code validEncoded(s, encodePath)} judges it. */
    static boolean validEncodedPath(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("!$&'()*+,;=:@[]%".indexOf(c) >= 0) {
                continue;
            }
            if (shouldEscapeInPath(c)) {
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
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean shouldEscapeInPath(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        return "-_.~$&+,/:;=@".indexOf(c) < 0;
    }

    /** A string Go's parser refuses; the message is Go's {@code parse "<url>": <reason>}. */
    static final class UrlException extends Exception {
        private final String raw;
        private final String reason;

        UrlException(String raw, String reason) {
            super("parse " + FormatValues.quote(raw) + ": " + reason, null, false, false);
            this.raw = raw;
            this.reason = reason;
        }
    }
}
