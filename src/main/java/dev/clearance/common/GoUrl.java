package dev.clearance.common;

import java.util.Locale;

/**
 * Go's {@code net/url} parser, as far as kube-apiserver reads it: the issuer URL rules of an
 * AuthenticationConfiguration and the CEL {@code url()} library both parse with Go and print Go's error texts
 * ({@code parse "https://a:b": invalid port ":b" after host}). {@link java.net.URI} disagrees with Go on many inputs
 * (it refuses a space in a path, which Go accepts, and reads hosts, escapes and user info by other rules) and has
 * none of Go's texts, so this one port of Go's rules serves both callers, in {@code common} because neither owns the
 * other. Only what the callers read is ported.
 */
public final class GoUrl {

    /**
     * The fields of Go's {@code url.URL} that the callers read.
     *
     * @param scheme lowercased, "" when none
     * @param opaque the rest after {@code scheme:} when it does not start with '/' ({@code mailto:a@b})
     * @param hasUser whether there is user info, even empty ({@code https://@h})
     * @param host with its port, decoded as Go's {@code Host} is
     * @param path as written, still escaped (Go keeps both forms; {@link #escapedPath} needs this one)
     * @param rawQuery after the first '?', "" when none
     * @param fragment after the first '#', as written; always "" from {@link #parseRequestUri}
     */
    public record Parsed(String scheme, String opaque, boolean hasUser, String host, String path, String rawQuery,
            String fragment) {

        /** Go's {@code Hostname()}: the host without port, IPv6 brackets removed. */
        public String hostname() {
            int colon = portColon();
            String name = colon < 0 ? host : host.substring(0, colon);
            return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        }

        /** Go's {@code Port()}: the digits after the host's last colon, or "". */
        public String port() {
            int colon = portColon();
            return colon < 0 ? "" : host.substring(colon + 1);
        }

        private int portColon() {
            int colon = host.lastIndexOf(':');
            return colon >= 0 && validOptionalPort(host.substring(colon)) ? colon : -1;
        }

        /** Go's {@code EscapedPath()}: the path as written when that is a valid encoding, else re-escaped. */
        public String escapedPath() {
            if (GoEscaping.validEncodedPath(path)) {
                return path;
            }
            try {
                return GoEscaping.escapePath(GoEscaping.unescape(path, GoEscaping.Mode.PATH));
            } catch (Reason e) {
                return path; // not reached: parsing checked the path's escapes
            }
        }
    }

    /** A refusal with Go's text: {@code parse "<url>": <reason>} from parsing, the bare reason from unescaping. */
    public static final class UrlException extends Exception {
        private UrlException(String message) {
            super(message, null, false, false);
        }

        /** Go's {@code *url.Error} of a parse. */
        static UrlException parse(String url, Reason reason) {
            return new UrlException("parse " + GoQuote.quote(url) + ": " + reason.getMessage());
        }
    }

    /** A failure inside the parse, before Go wraps it with the URL. */
    static final class Reason extends Exception {
        Reason(String message) {
            super(message, null, false, false);
        }
    }

    private GoUrl() {}

    /** Go's {@code url.Parse}: a URL or a relative reference, with an optional fragment. */
    public static Parsed parse(String raw) throws UrlException {
        int hash = raw.indexOf('#');
        String u = hash < 0 ? raw : raw.substring(0, hash);
        String fragment = hash < 0 ? "" : raw.substring(hash + 1);
        Parsed parsed;
        try {
            parsed = parse(u, false);
        } catch (Reason r) {
            throw UrlException.parse(u, r);
        }
        try {
            GoEscaping.unescape(fragment, GoEscaping.Mode.FRAGMENT);
        } catch (Reason r) {
            throw UrlException.parse(raw, r);
        }
        return new Parsed(parsed.scheme(), parsed.opaque(), parsed.hasUser(), parsed.host(), parsed.path(),
                parsed.rawQuery(), fragment);
    }

    /** Go's {@code url.ParseRequestURI}: an absolute URL or an absolute path; a '#' is not special. */
    public static Parsed parseRequestUri(String raw) throws UrlException {
        try {
            return parse(raw, true);
        } catch (Reason r) {
            throw UrlException.parse(raw, r);
        }
    }

    /** Go's {@code url.QueryUnescape}: percent-decoding, '+' as a space; its error is Go's bare escape error. */
    public static String queryUnescape(String s) throws UrlException {
        try {
            return GoEscaping.unescape(s, GoEscaping.Mode.QUERY_COMPONENT);
        } catch (Reason r) {
            throw new UrlException(r.getMessage());
        }
    }

    /** Go's unexported {@code parse(rawURL, viaRequest)}. */
    private static Parsed parse(String raw, boolean viaRequest) throws Reason {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < ' ' || raw.charAt(i) == 0x7f) {
                throw new Reason("net/url: invalid control character in URL");
            }
        }
        if (raw.isEmpty() && viaRequest) {
            throw new Reason("empty url");
        }
        if (raw.equals("*")) {
            return new Parsed("", "", false, "", "*", "", "");
        }
        String scheme = "";
        String rest = raw;
        int schemeEnd = schemeEnd(raw);
        if (schemeEnd == 0) {
            throw new Reason("missing protocol scheme");
        }
        if (schemeEnd > 0) {
            scheme = raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            rest = raw.substring(schemeEnd + 1);
        }
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new Parsed(scheme, rest, false, "", "", rawQuery, "");
            }
            if (viaRequest) {
                throw new Reason("invalid URI for request");
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
                throw new Reason("first path segment in URL cannot contain colon");
            }
        }
        boolean hasUser = false;
        String host = "";
        if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            host = host(authority.substring(at + 1));
            if (at >= 0) {
                userinfo(authority.substring(0, at));
                hasUser = true;
            }
        }
        GoEscaping.unescape(rest, GoEscaping.Mode.PATH);
        return new Parsed(scheme, "", hasUser, host, rest, rawQuery, "");
    }

    /** The index of the scheme's colon; -1 when there is no scheme, 0 when the URL starts with a colon. */
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

    /** Go's {@code parseAuthority} for the user info: checked, its value unused. */
    private static void userinfo(String userinfo) throws Reason {
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            if (!(GoEscaping.alnum(c) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0)) {
                throw new Reason("net/url: invalid userinfo");
            }
        }
        int colon = userinfo.indexOf(':');
        GoEscaping.unescape(colon < 0 ? userinfo : userinfo.substring(0, colon), GoEscaping.Mode.USER);
        if (colon >= 0) {
            GoEscaping.unescape(userinfo.substring(colon + 1), GoEscaping.Mode.USER);
        }
    }

    /** Go's {@code parseHost}: the host decoded; an IPv6 zone after {@code %25} may escape more than a name may. */
    private static String host(String host) throws Reason {
        if (host.startsWith("[")) {
            int end = host.lastIndexOf(']');
            if (end < 0) {
                throw new Reason("missing ']' in host");
            }
            String colonPort = host.substring(end + 1);
            if (!validOptionalPort(colonPort)) {
                throw new Reason("invalid port " + GoQuote.quote(colonPort) + " after host");
            }
            int zone = host.substring(0, end).indexOf("%25");
            if (zone >= 0) {
                return GoEscaping.unescape(host.substring(0, zone), GoEscaping.Mode.HOST)
                        + GoEscaping.unescape(host.substring(zone, end), GoEscaping.Mode.ZONE)
                        + GoEscaping.unescape(host.substring(end), GoEscaping.Mode.HOST);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new Reason("invalid port " + GoQuote.quote(host.substring(colon)) + " after host");
            }
        }
        return GoEscaping.unescape(host, GoEscaping.Mode.HOST);
    }

    /** Go's {@code validOptionalPort}: "" or a colon and digits. */
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
}
