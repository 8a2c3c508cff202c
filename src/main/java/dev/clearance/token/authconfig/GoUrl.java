package dev.clearance.token.authconfig;

/**
 * The parts of Go's {@code net/url.Parse} that kube-apiserver's issuer URL rules read, with its error texts
 * ({@code parse "https://a:b": invalid port ":b" after host}), since those texts are what kube-apiserver prints.
 * java.net.URI disagrees with Go on many inputs (it refuses what Go accepts and the other way round), so it is not
 * used here.
 */
final class GoUrl {

    /** What the validation reads: the lowercased scheme, whether userinfo is present, host, query and fragment. */
    record Parsed(String scheme, boolean hasUser, String host, String rawQuery, String fragment) {

        /** The host without its port or IPv6 brackets, as Go's {@code URL.Hostname}. */
        String hostname() {
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                return end < 0 ? host.substring(1) : host.substring(1, end);
            }
            int colon = host.lastIndexOf(':');
            return colon < 0 ? host : host.substring(0, colon);
        }
    }

    /** Go's {@code *url.Error}; the message is its {@code Error()}. */
    static final class ParseError extends Exception {
        ParseError(String url, String reason) {
            super("parse " + GoText.quote(url) + ": " + reason, null, false, false);
        }
    }

    /** A failure inside the parse, before it is wrapped with the URL. */
    private static final class Reason extends Exception {
        Reason(String message) {
            super(message, null, false, false);
        }
    }

    private enum Mode { HOST, ZONE, PATH, USER, FRAGMENT }

    private GoUrl() {}

    static Parsed parse(String raw) throws ParseError {
        int hash = raw.indexOf('#');
        String u = hash < 0 ? raw : raw.substring(0, hash);
        String fragment = hash < 0 ? "" : raw.substring(hash + 1);
        Parsed parsed;
        try {
            parsed = parseWithoutFragment(u);
        } catch (Reason r) {
            throw new ParseError(u, r.getMessage());
        }
        if (fragment.isEmpty()) {
            return parsed;
        }
        try {
            unescape(fragment, Mode.FRAGMENT);
        } catch (Reason r) {
            throw new ParseError(raw, r.getMessage());
        }
        return new Parsed(parsed.scheme(), parsed.hasUser(), parsed.host(), parsed.rawQuery(), fragment);
    }

    private static Parsed parseWithoutFragment(String raw) throws Reason {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new Reason("net/url: invalid control character in URL");
            }
        }
        if (raw.equals("*")) {
            return new Parsed("", false, "", "", "");
        }
        String scheme = "";
        String rest = raw;
        int schemeEnd = schemeEnd(raw);
        if (schemeEnd == 0) {
            throw new Reason("missing protocol scheme");
        }
        if (schemeEnd > 0) {
            scheme = raw.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
            rest = raw.substring(schemeEnd + 1);
        }
        String query = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new Parsed(scheme, false, "", query, ""); // opaque, as Go reads "https:foo"
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
                throw new Reason("first path segment in URL cannot contain colon");
            }
        }
        boolean hasUser = false;
        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            host = parseHost(at < 0 ? authority : authority.substring(at + 1));
            if (at >= 0) {
                userinfo(authority.substring(0, at));
                hasUser = true;
            }
        }
        unescape(rest, Mode.PATH);
        return new Parsed(scheme, hasUser, host, query, "");
    }

    /** The index of the scheme's colon; -1 when there is no scheme, 0 when the URL starts with one. */
    private static int schemeEnd(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    private static void userinfo(String userinfo) throws Reason {
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            if (!(alnum(c) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0)) {
                throw new Reason("net/url: invalid userinfo");
            }
        }
        int colon = userinfo.indexOf(':');
        unescape(colon < 0 ? userinfo : userinfo.substring(0, colon), Mode.USER);
        if (colon >= 0) {
            unescape(userinfo.substring(colon + 1), Mode.USER);
        }
    }

    private static String parseHost(String host) throws Reason {
        if (host.startsWith("[")) {
            int end = host.lastIndexOf(']');
            if (end < 0) {
                throw new Reason("missing ']' in host");
            }
            String colonPort = host.substring(end + 1);
            if (!validOptionalPort(colonPort)) {
                throw new Reason("invalid port " + GoText.quote(colonPort) + " after host");
            }
            int zone = host.substring(0, end).indexOf("%25");
            if (zone >= 0) {
                unescape(host.substring(0, zone), Mode.HOST);
                unescape(host.substring(zone, end), Mode.ZONE);
                unescape(host.substring(end), Mode.HOST);
                return host;
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new Reason("invalid port " + GoText.quote(host.substring(colon)) + " after host");
            }
        }
        unescape(host, Mode.HOST);
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

    /** Go's unescape, for its errors only (the decoded value is not needed). */
    private static void unescape(String s, Mode mode) throws Reason {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    String bad = s.substring(i);
                    throw new Reason("invalid URL escape " + GoText.quote(bad.length() > 3 ? bad.substring(0, 3) : bad));
                }
                String escape = s.substring(i, i + 3);
                if (mode == Mode.HOST && Character.digit(s.charAt(i + 1), 16) < 8 && !escape.equals("%25")) {
                    throw new Reason("invalid URL escape " + GoText.quote(escape));
                }
                if (mode == Mode.ZONE) {
                    char v = (char) Integer.parseInt(escape.substring(1), 16);
                    if (!escape.equals("%25") && v != ' ' && hostNeedsEscape(v)) {
                        throw new Reason("invalid URL escape " + GoText.quote(escape));
                    }
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && hostNeedsEscape(c)) {
                    throw new Reason("invalid character " + GoText.quote(String.valueOf(c)) + " in host name");
                }
                i++;
            }
        }
    }

    /** Go's shouldEscape(c, encodeHost) for ASCII. */
    private static boolean hostNeedsEscape(char c) {
        return !(alnum(c) || "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0);
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
