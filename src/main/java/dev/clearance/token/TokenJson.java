package dev.clearance.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JWS header or payload read as RFC 8259 JSON, strictly, into plain Java values: objects as {@link LinkedHashMap}
 * (members in token order), arrays as {@link ArrayList}, strings, {@code true}/{@code false}, null, integers as
 * {@link Long} and other numbers as {@link Double}. These are the types the claim rules and CEL have always been
 * given (they were jose4j's JSON types), so nothing downstream reads a token differently.
 *
 * <p>Refused, as a malformed token: anything but one object, data after it, a member name repeated in any object at
 * any depth (parsers disagree on which one counts: Go's keeps the last, others the first), an integer beyond a
 * {@code long} (jose4j refused it too), comments, single quotes, unquoted names, trailing commas, leading zeros,
 * NaN and control characters inside strings.
 *
 * <p>Jackson's streaming parser, not a tree: the profile showed jose4j's parser allocating a 32 KiB buffer per call,
 * twice per token, half of all the bytes allocated on the verification path.
 */
final class TokenJson {

    /**
     * Jackson's own bounds, but for nesting: the token's size ({@code clearance.authn.max-token-bytes}) already bounds
     * it, and reading is iterative here and in everything that walks claims, as tests prove with 100,000 levels.
     * Member names are not interned: they come from whoever sends a token.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();

    private TokenJson() {}

    /** The JSON object {@code json}, the token's {@code what} ("header", "payload"). */
    static Map<String, Object> object(String json, String what) throws TokenRefusal {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject(what);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            read(parser, root, what);
            if (parser.nextToken() != null) {
                throw notAnObject(what);
            }
            return root;
        } catch (IOException | RuntimeException e) {
            throw notAnObject(what); // not JSON, or JSON past the constraints: the parser's text stays out of the answer
        }
    }

    /**
     * Reads the members of {@code root}, whose start the parser has just read, up to its end. Iterative, with the open
     * containers on a heap stack: a claim nested as deep as the token's size allows is read, not a stack overflow.
     * Each value is attached to its container when it starts, so a repeated name is caught where it appears.
     */
    private static void read(JsonParser parser, Map<String, Object> root, String what) throws IOException, TokenRefusal {
        Deque<Object> open = new ArrayDeque<>();
        open.push(root);
        String name = null;
        while (!open.isEmpty()) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw notAnObject(what);
            }
            switch (token) {
                case FIELD_NAME -> name = parser.currentName();
                case END_OBJECT, END_ARRAY -> open.pop();
                case START_OBJECT -> open.push(attach(open.peek(), name, new LinkedHashMap<String, Object>(), what));
                case START_ARRAY -> open.push(attach(open.peek(), name, new ArrayList<>(), what));
                case VALUE_STRING -> attach(open.peek(), name, parser.getText(), what);
                case VALUE_NUMBER_INT -> {
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw notAnObject(what);
                    }
                    attach(open.peek(), name, parser.getLongValue(), what);
                }
                case VALUE_NUMBER_FLOAT -> attach(open.peek(), name, parser.getDoubleValue(), what);
                case VALUE_TRUE -> attach(open.peek(), name, Boolean.TRUE, what);
                case VALUE_FALSE -> attach(open.peek(), name, Boolean.FALSE, what);
                case VALUE_NULL -> attach(open.peek(), name, null, what);
                default -> throw notAnObject(what);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T attach(Object container, String name, T value, String what) throws TokenRefusal {
        if (container instanceof Map<?, ?> map) {
            Map<String, Object> members = (Map<String, Object>) map;
            if (members.containsKey(name)) {
                throw new TokenRefusal(AuthnReason.MALFORMED_TOKEN, "token " + what
                        + " names a member twice; clearance refuses it, as parsers disagree on which one counts");
            }
            members.put(name, value);
        } else {
            ((List<Object>) container).add(value);
        }
        return value;
    }

    private static TokenRefusal notAnObject(String what) {
        return new TokenRefusal(AuthnReason.MALFORMED_TOKEN, "token " + what + " is not a JSON object");
    }
}
