package dev.clearance.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Damages review bodies, deterministically for a given {@link Random}: byte-level (flips, invalid UTF-8, NULs,
 * truncation, repeats), JSON-level (a field of another type, removed or added fields, deep nesting, huge strings,
 * duplicate keys), and the embedded inputs clearance parses further: tokens (crafted JWS headers) and CSR PEM bodies.
 */
final class Mutator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {0}};
    private static final String METACHARS = "{}[],:\"\\ \t\n";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    byte[] mutate(byte[] seed) {
        byte[] body = seed;
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            body = random.nextInt(10) < 6 ? structural(body) : bytes(body);
        }
        return body;
    }

    // ---- bytes ----------------------------------------------------------------------------------------------------

    private byte[] bytes(byte[] in) {
        if (in.length == 0) {
            return new byte[] {'{'};
        }
        int at = random.nextInt(in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 8);
        switch (random.nextInt(6)) {
            case 0 -> { // flip bits of one byte
                byte[] copy = in.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
            case 1 -> { // invalid UTF-8 or a NUL, inserted
                out.write(in, 0, at);
                out.writeBytes(BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
            case 2 -> { // truncated
                return Arrays.copyOf(in, at);
            }
            case 3 -> { // a range removed
                int end = Math.min(in.length, at + 1 + random.nextInt(32));
                out.write(in, 0, at);
                out.write(in, end, in.length - end);
                return out.toByteArray();
            }
            case 4 -> { // a range repeated
                int end = Math.min(in.length, at + 1 + random.nextInt(64));
                out.write(in, 0, end);
                out.write(in, at, in.length - at);
                return out.toByteArray();
            }
            default -> { // a JSON metacharacter in place of a byte
                byte[] copy = in.clone();
                copy[at] = (byte) METACHARS.charAt(random.nextInt(METACHARS.length()));
                return copy;
            }
        }
    }

    // ---- JSON -----------------------------------------------------------------------------------------------------

    private byte[] structural(byte[] in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (Exception e) {
            return bytes(in);
        }
        if (root == null || !root.isContainerNode()) {
            return bytes(in);
        }
        if (random.nextInt(12) == 0) {
            return duplicateKey(in);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            JsonNode current = object.get(name);
            switch (random.nextInt(5)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(random.nextBoolean() ? name : name + "x", value());
                case 2 -> object.set(name, embedded(name, current));
                default -> object.set(name, value());
            }
        } else if (target instanceof ArrayNode array) {
            if (array.size() > 0 && random.nextBoolean()) {
                array.set(random.nextInt(array.size()), value());
            } else {
                array.add(value());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            return bytes(in);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext();) {
                collect(children.next(), into);
            }
        }
    }

    /** The same key twice at the top level: a strict reader must refuse it rather than pick one. */
    private byte[] duplicateKey(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        int brace = text.indexOf('{');
        String key = random.nextBoolean() ? "\"kind\":\"TokenReview\"," : "\"apiVersion\":\"v1\",";
        return (text.substring(0, brace + 1) + key + text.substring(brace + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode value() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextLong() * 1e300);
            case 4 -> NODES.textNode("");
            case 5 -> NODES.textNode("x".repeat(random.nextInt(200_000)));
            case 6 -> NODES.arrayNode().add(1).add("a").addNull();
            case 7 -> NODES.objectNode().put("a", 1);
            case 8 -> deep(random.nextInt(3000));
            case 9 -> NODES.textNode("oidc:cluster-admins\t");
            case 10 -> NODES.textNode(new String(new char[] {'a', '\ud800', '\u0000', '\u202e'}));
            default -> NODES.numberNode(-1);
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    /** For the fields clearance parses further, a damaged value of the same kind. */
    private JsonNode embedded(String field, JsonNode current) {
        if (field.equals("token")) {
            return NODES.textNode(token());
        }
        if (field.equals("request") && current != null && current.isTextual()) {
            return NODES.textNode(csr(current.textValue()));
        }
        return value();
    }

    private String token() {
        String[] headers = {"{\"alg\":1}", "{\"alg\":{}}", "{\"alg\":[\"RS256\"]}", "{\"alg\":true}", "{\"alg\":null}",
            "{\"alg\":\"RS256\",\"kid\":7}", "{\"alg\":\"RS256\",\"crit\":\"x\"}", "{\"alg\":\"none\"}", "[]", "1", "{",
            "{\"alg\":\"RS256\",\"alg\":\"HS256\"}", "{\"alg\":\"ES256\",\"kid\":{\"a\":1}}"};
        String[] payloads = {"{}", "{\"iss\":7}", "{\"iss\":\"https://issuer.test\",\"exp\":\"soon\"}", "[]", "null",
            "{\"iss\":\"https://issuer.test\",\"aud\":{},\"exp\":1e400}", "{\"iss\":[\"a\"]}"};
        String header = B64URL.encodeToString(headers[random.nextInt(headers.length)].getBytes(StandardCharsets.UTF_8));
        String payload = B64URL.encodeToString(payloads[random.nextInt(payloads.length)].getBytes(StandardCharsets.UTF_8));
        String token = header + "." + payload + "." + B64URL.encodeToString(new byte[random.nextInt(300)]);
        return switch (random.nextInt(6)) {
            case 0 -> token + "\n";
            case 1 -> " " + token;
            case 2 -> token + "==";
            case 3 -> token.replace('.', '!');
            default -> token;
        };
    }

    private String csr(String base64Pem) {
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(base64Pem);
        } catch (IllegalArgumentException e) {
            pem = base64Pem.getBytes(StandardCharsets.UTF_8);
        }
        String text = new String(pem, StandardCharsets.UTF_8);
        int body = text.indexOf('\n') + 1 + random.nextInt(Math.max(1, text.length() / 2));
        String damaged = switch (random.nextInt(4)) {
            case 0 -> text.substring(0, Math.min(body, text.length())) + "!*%" + text.substring(Math.min(body, text.length()));
            case 1 -> text + text;
            case 2 -> text.substring(0, Math.min(body, text.length()));
            default -> "garbage\n" + text + "trailing";
        };
        return Base64.getEncoder().encodeToString(damaged.getBytes(StandardCharsets.UTF_8));
    }
}
