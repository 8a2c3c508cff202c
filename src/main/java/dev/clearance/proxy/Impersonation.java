package dev.clearance.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clearance.token.Identity;
import dev.clearance.token.IdentityStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The impersonation headers that make the API server act as a verified identity (PROTOCOL.md [S21]), and the
 * headers a client must never get through to it. The identity's {@code clearance.dev/decision-id} extra is never sent:
 * the proxy's {@code Audit-ID} links each request to its decision, and forwarding the extra would need impersonation
 * rights on that key.
 */
public final class Impersonation {

    public static final String USER = "Impersonate-User";
    public static final String GROUP = "Impersonate-Group";
    public static final String UID = "Impersonate-Uid";
    public static final String EXTRA_PREFIX = "Impersonate-Extra-";

    private static final String TOKEN_CHARS = "!#$&'*+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Impersonation() {}

    /** One header line: name and value. */
    public record Header(String name, String value) {}

    /**
     * The headers for {@code identity}, in a stable order: user, uid, each group, each extra key's values.
     *
     * @throws IllegalArgumentException when a value holds a control character, which no header can carry
     */
    public static List<Header> headersFor(Identity identity) {
        List<Header> known = HEADERS.getIfPresent(identity);
        if (known != null) {
            return known;
        }
        List<Header> headers = compute(identity);
        HEADERS.put(identity, headers);
        return headers;
    }

    /**
     * Headers already made, by identity object: a verdict-cache hit returns the very {@link Identity} it stored, so a
     * kubectl session's requests reuse one list instead of re-encoding every value. Weak keys compare by reference
     * and go with the verdict-cache entry; the size bound covers identities held elsewhere. Only representable
     * identities are kept (a refusal throws before the put).
     */
    private static final Cache<Identity, List<Header>> HEADERS = Caffeine.newBuilder().weakKeys().maximumSize(4096).build();

    private static List<Header> compute(Identity identity) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header(USER, value(identity.username())));
        if (identity.uid() != null && !identity.uid().isEmpty()) {
            headers.add(new Header(UID, value(identity.uid())));
        }
        for (String group : identity.groups()) {
            headers.add(new Header(GROUP, value(group)));
        }
        for (Map.Entry<String, List<String>> extra : new TreeMap<>(identity.extra()).entrySet()) {
            if (extra.getKey().equals(Identity.DECISION_ID_EXTRA)) {
                continue;
            }
            String name = EXTRA_PREFIX + escapeExtraKey(extra.getKey());
            for (String v : extra.getValue()) {
                headers.add(new Header(name, value(v)));
            }
        }
        return List.copyOf(headers);
    }

    /**
     * Percent-encodes an extra key the way client-go does ({@code headerKeyEscape}): every UTF-8 byte that is not
     * an RFC 7230 token character, and {@code %} itself, becomes {@code %XX}; the API server path-unescapes it.
     */
    public static String escapeExtraKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean token = c < 0x80 && (Character.isLetterOrDigit(c) || TOKEN_CHARS.indexOf(c) >= 0);
            if (token && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Whether a client header asks the API server to impersonate ({@code kubectl --as}, {@code --as-group}, ...). */
    public static boolean isImpersonationHeader(String name) {
        return name.regionMatches(true, 0, "Impersonate-", 0, "Impersonate-".length());
    }

    /** Whether any of {@code headers} (a Vert.x {@code MultiMap}, say) is an impersonation header. */
    public static boolean requested(Iterable<Map.Entry<String, String>> headers) {
        for (Map.Entry<String, String> header : headers) {
            if (isImpersonationHeader(header.getKey())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Header values go out as the UTF-8 bytes client-go would send; HTTP/1.1 writes header characters as single
     * bytes, so the bytes are carried as ISO-8859-1 characters.
     *
     * <p>A value the API server would read differently is refused, never sent: a control character (tab included)
     * could end or split the header, and Go trims leading and trailing spaces and tabs from header values, so
     * {@code "oidc:cluster-admins\t"} would arrive as an admin group. The token rules refuse such identities already
     * ({@code identity_invalid}); this is the last line, where the header is made.
     */
    private static String value(String v) {
        String problem = IdentityStrings.problem(v);
        if (problem != null) {
            throw new IllegalArgumentException("an identity value " + problem);
        }
        return new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
