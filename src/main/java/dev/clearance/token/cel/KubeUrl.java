package dev.clearance.token.cel;

import dev.clearance.common.GoUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URL as kube-apiserver's {@code url()} gives it: checked with Go's {@code url.ParseRequestURI} (an absolute URL
 * or an absolute path) and then parsed with {@code url.Parse}, which reads a fragment where ParseRequestURI would
 * keep it in the path or query; with Go's accessors. The CEL type is {@code kubernetes.URL}.
 */
record KubeUrl(GoUrl.Parsed url) {

    /** Parses as kube-apiserver's {@code url()} does; the message of the exception is Go's. */
    static KubeUrl parse(String raw) throws GoUrl.UrlException {
        GoUrl.parseRequestUri(raw);
        return new KubeUrl(GoUrl.parse(raw));
    }

    /** kube-apiserver's {@code isURL()}: whether Go's {@code url.ParseRequestURI} accepts it. */
    static boolean isUrl(String raw) {
        try {
            GoUrl.parseRequestUri(raw);
            return true;
        } catch (GoUrl.UrlException e) {
            return false;
        }
    }

    String scheme() {
        return url.scheme();
    }

    String host() {
        return url.host();
    }

    String hostname() {
        return url.hostname();
    }

    String port() {
        return url.port();
    }

    String escapedPath() {
        return url.escapedPath();
    }

    /** Go's {@code Query()}: the query's values by key; pairs that do not decode are dropped, as Go does. */
    Map<String, List<String>> query() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : url.rawQuery().split("&", -1)) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String key = GoUrl.queryUnescape(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : GoUrl.queryUnescape(pair.substring(equals + 1));
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (GoUrl.UrlException e) {
                // Go's url.ParseQuery keeps going past a pair it cannot decode; Query() ignores the error
            }
        }
        return values;
    }
}
