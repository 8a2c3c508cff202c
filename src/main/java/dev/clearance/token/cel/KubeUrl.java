package dev.clearance.token.cel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A URL as kube-apiserver's {@code url()} gives it: parsed like Go's {@code url.ParseRequestURI} (an absolute URL
 * or an absolute path, no fragment) and then {@code url.Parse}, with Go's accessors. The CEL type is
 * {@code kubernetes.URL}.
 *
 * @param path the path as written (still escaped)
 */
record KubeUrl(String scheme, String opaque, String host, String path, String rawQuery) {

    /** Parses as kube-apiserver's {@code url()} does; the message of the exception is Go's. */
    static KubeUrl parse(String raw) throws GoUrl.UrlException {
        GoUrl.parse(raw, true);
        return GoUrl.parse(raw, false);
    }

    /** kube-apiserver's {@code isURL()}: whether Go's {@code url.ParseRequestURI} accepts it. */
    static boolean isUrl(String raw) {
        try {
            GoUrl.parse(raw, true);
            return true;
        } catch (GoUrl.UrlException e) {
            return false;
        }
    }

    /** Go's {@code Hostname()}: the host without port, IPv6 brackets removed. */
    String hostname() {
        int colon = portColon();
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1)
                : name.startsWith("[") ? name.substring(1) : name;
    }

    /** Go's {@code Port()}: the digits after the host's last colon, or "". */
    String port() {
        int colon = portColon();
        return colon < 0 ? "" : host.substring(colon + 1);
    }

    private int portColon() {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || (host.startsWith("[") && host.indexOf(']') > colon)) {
            return -1;
        }
        for (int i = colon + 1; i < host.length(); i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return -1;
            }
        }
        return colon;
    }

    /** Go's {@code EscapedPath()}: the path as written when that is a valid encoding, else re-escaped. */
    String escapedPath() {
        if (GoUrl.validEncodedPath(path)) {
            return path;
        }
        try {
            return GoUrl.escapePath(GoUrl.unescape(path, false));
        } catch (GoUrl.UrlException e) {
            return path;
        }
    }

    /** Go's {@code Query()}: the query's values by key; pairs that do not decode are dropped, as Go does. */
    Map<String, List<String>> query() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String key = GoUrl.unescape(equals < 0 ? pair : pair.substring(0, equals), true);
                String value = equals < 0 ? "" : GoUrl.unescape(pair.substring(equals + 1), true);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (GoUrl.UrlException e) {
                // Go's url.ParseQuery keeps going past a pair it cannot decode; Query() ignores the error
            }
        }
        return values;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
