package dev.clearance.proxy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The proxy's header rules, the security-critical part of forwarding: which headers never cross the proxy (in either
 * direction), how the client's bearer token is read, which paths are refused, when a request is a protocol switch,
 * and what the API server receives instead of the client's credentials. Pure: no Vert.x types, no I/O, no state;
 * headers come in as name/value entries (a Vert.x {@code MultiMap} is one) and go out through a {@link Sink}, so the
 * caller writes them straight into the one header map it sends and nothing is copied on the way.
 *
 * <p>Header names are compared without regard to case and without lower-casing them (no allocation per header).
 */
final class HeaderPolicy {

    /** Where the headers a rule keeps are written: a Vert.x {@code MultiMap}'s {@code add}, or a list in tests. */
    @FunctionalInterface
    interface Sink {
        void add(String name, String value);
    }

    /**
     * Never forwarded in either direction: connection-level headers, and the client's proxy credentials. Matches names
     * in any case.
     */
    static final Set<String> HOP_BY_HOP = caseInsensitive("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host", "expect");

    private static final String CONNECTION = "Connection";
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    /** The API server takes a request's {@code Audit-ID} as its audit ID: only the proxy's own gets through. */
    static final String AUDIT_ID = "Audit-ID";

    private HeaderPolicy() {}

    /**
     * The token of {@code Authorization: Bearer <token>}, read as the API server's bearer-token authenticator does
     * (the header trimmed, the scheme case-insensitive, then exactly one space), or null. Nothing is repaired: a
     * second space, or anything after the token, leaves no token, as it would for the API server.
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        // String.trim()'s bounds, without its copy: the token is cut out once
        int start = 0;
        int end = authorization.length();
        while (start < end && authorization.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && authorization.charAt(end - 1) <= ' ') {
            end--;
        }
        if (end - start < 8 || !authorization.regionMatches(true, start, "Bearer ", 0, 7)) {
            return null;
        }
        int tokenStart = start + 7;
        int space = authorization.indexOf(' ', tokenStart);
        return space >= 0 && space < end ? null : authorization.substring(tokenStart, end);
    }

    /**
     * Whether a path has a {@code .} or {@code ..} segment, plainly or percent-encoded ({@code %2e}, {@code .%2E}, ...):
     * the API server would resolve it, so what the proxy parses and what the API server serves could differ. A null
     * path counts as one (refused). Segments that merely start with or contain dots ({@code ...}, {@code .hidden}) are
     * not.
     */
    static boolean hasDotSegment(String path) {
        if (path == null) {
            return true;
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (isDotSegment(path, start, end - start)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isDotSegment(String path, int at, int length) {
        switch (length) {
            case 1:
                return path.charAt(at) == '.';
            case 2:
                return path.charAt(at) == '.' && path.charAt(at + 1) == '.';
            case 3:
                return path.regionMatches(true, at, "%2e", 0, 3);
            case 4:
                return path.regionMatches(true, at, ".%2e", 0, 4) || path.regionMatches(true, at, "%2e.", 0, 4);
            case 6:
                return path.regionMatches(true, at, "%2e%2e", 0, 6);
            default:
                return false;
        }
    }

    /**
     * Whether the client asks for a protocol switch the proxy tunnels (SPDY or WebSocket, for exec, attach and
     * port-forward): an {@code Upgrade} header and a {@code Connection} header mentioning {@code upgrade}. An
     * {@code h2c} offer is not one: the proxy speaks HTTP/1.1 only and, as RFC 9110 allows, answers such a request in
     * HTTP/1.1, dropping the offer with the other hop-by-hop headers.
     *
     * @param upgrade the first {@code Upgrade} header, or null
     * @param connectionValues every {@code Connection} header's value
     */
    static boolean isUpgrade(String upgrade, Iterable<String> connectionValues) {
        if (upgrade == null || upgrade.isBlank() || upgrade.trim().equalsIgnoreCase("h2c")) {
            return false;
        }
        for (String connection : connectionValues) {
            if (containsIgnoreCase(connection, "upgrade")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header names the {@code Connection} headers list, hop-by-hop by declaration (RFC 9110, 7.6.1); the set
     * matches names in any case. Empty (and not allocated) when there is no {@code Connection} header.
     */
    static Set<String> connectionTokens(Iterable<String> connectionValues) {
        Set<String> tokens = null;
        for (String connection : connectionValues) {
            tokens = addTokens(connection, tokens);
        }
        return tokens == null ? Set.of() : tokens;
    }

    /**
     * The headers the API server receives: the client's minus connection-level ones (those {@link #HOP_BY_HOP} and those
     * its {@code Connection} headers list), its credentials ({@code Authorization}) and anything naming an identity
     * (every {@code Impersonate-*}, every {@code X-Remote-*}); then the proxy's own {@code Authorization}, the
     * impersonation headers, the proxy's {@code Audit-ID} (the client's is dropped), and {@code X-Forwarded-For} rebuilt as the client's first one plus the client's address.
     *
     * @param in the client's headers, in order
     * @param proxyAuthorization the proxy's own {@code Authorization} value for the API server ({@code Bearer <token>}),
     *     or null when it authenticates with a certificate
     * @param impersonation the verified identity's headers ({@link Impersonation#headersFor})
     * @param auditId the request's decision id, sent as {@code Audit-ID}; null sends none
     * @param clientAddress the client's IP address, or null when unknown (then no {@code X-Forwarded-For} at all)
     */
    static void upstream(Iterable<Map.Entry<String, String>> in, String proxyAuthorization, List<Impersonation.Header> impersonation,
            String auditId, String clientAddress, Sink out) {
        Set<String> listed = null;
        String forwardedFor = null;
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (name.equalsIgnoreCase(CONNECTION)) {
                listed = addTokens(header.getValue(), listed);
            } else if (forwardedFor == null && name.equalsIgnoreCase(FORWARDED_FOR)) {
                forwardedFor = header.getValue();
            }
        }
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (!HOP_BY_HOP.contains(name) && (listed == null || !listed.contains(name)) && !name.equalsIgnoreCase("authorization")
                    && !Impersonation.isImpersonationHeader(name) && !name.regionMatches(true, 0, "x-remote-", 0, 9)
                    && !name.equalsIgnoreCase(FORWARDED_FOR) && !name.equalsIgnoreCase(AUDIT_ID)) {
                out.add(name, header.getValue());
            }
        }
        if (proxyAuthorization != null) {
            out.add("Authorization", proxyAuthorization);
        }
        for (Impersonation.Header header : impersonation) {
            out.add(header.name(), header.value());
        }
        if (auditId != null) {
            out.add(AUDIT_ID, auditId);
        }
        if (clientAddress != null) {
            out.add(FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? clientAddress : forwardedFor + ", " + clientAddress);
        }
    }

    /**
     * The headers the client receives from the API server's answer: all but the connection-level ones (those
     * {@link #HOP_BY_HOP} and those the answer's {@code Connection} headers list). With {@code keepUpgrade} (a
     * {@code 101} being passed on), {@code Connection} and {@code Upgrade} themselves are kept.
     */
    static void downstream(Iterable<Map.Entry<String, String>> in, boolean keepUpgrade, Sink out) {
        Set<String> listed = null;
        for (Map.Entry<String, String> header : in) {
            if (header.getKey().equalsIgnoreCase(CONNECTION)) {
                listed = addTokens(header.getValue(), listed);
            }
        }
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (keepUpgrade && (name.equalsIgnoreCase(CONNECTION) || name.equalsIgnoreCase("upgrade"))
                    || !HOP_BY_HOP.contains(name) && (listed == null || !listed.contains(name))) {
                out.add(name, header.getValue());
            }
        }
    }

    /** Adds the names one {@code Connection} value lists to {@code into}, made on the first name; null while none. */
    private static Set<String> addTokens(String connection, Set<String> into) {
        Set<String> tokens = into;
        int start = 0;
        while (start <= connection.length()) {
            int comma = connection.indexOf(',', start);
            int end = comma < 0 ? connection.length() : comma;
            String token = connection.substring(start, end).trim();
            if (!token.isEmpty()) {
                if (tokens == null) {
                    tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                }
                tokens.add(token);
            }
            start = end + 1;
        }
        return tokens;
    }

    private static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> caseInsensitive(String... names) {
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Collections.addAll(set, names);
        return Collections.unmodifiableSet(set);
    }
}
