package dev.clearance.common;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of review bodies: one JSON object, no duplicate keys, no trailing data, exact field types.
 * Field names are case-sensitive as in Kubernetes; unknown fields are ignored.
 */
public final class ReviewJson {

    private final ObjectReader reader;

    public ReviewJson(ObjectMapper mapper) {
        this.reader = mapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as a JSON object whose {@code apiVersion} is one of {@code apiVersions} and whose kind is {@code kind}. */
    public JsonNode readReview(byte[] body, String kind, Set<String> apiVersions) throws InvalidReviewException {
        if (body == null || body.length == 0) {
            throw new InvalidReviewException("the request body is empty; expected a " + kind + " as JSON");
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (IOException e) {
            throw new InvalidReviewException("the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReviewException("the request body is not a JSON object; expected a " + kind);
        }
        String apiVersion = text(root, "apiVersion");
        if (apiVersion == null || !apiVersions.contains(apiVersion)) {
            throw new InvalidReviewException("apiVersion must be one of " + String.join(", ", new java.util.TreeSet<>(apiVersions))
                    + ", was " + quoteOrNone(root.get("apiVersion")));
        }
        if (!kind.equals(text(root, "kind"))) {
            throw new InvalidReviewException("kind must be " + kind + ", was " + quoteOrNone(root.get("kind")));
        }
        return root;
    }

    /** A string field, or null when absent or JSON null; a field of another type is an error. */
    public static String text(JsonNode parent, String field) throws InvalidReviewException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidReviewException(field + " must be a string");
        }
        return node.textValue();
    }

    /** An array of strings, empty when absent or null; at most {@code max} items. */
    public static List<String> strings(JsonNode parent, String path, String field, int max) throws InvalidReviewException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidReviewException(path + " must be an array of strings");
        }
        if (node.size() > max) {
            throw new InvalidReviewException(path + " has " + node.size() + " items, more than the " + max + " accepted");
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new InvalidReviewException(path + " must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String quoteOrNone(JsonNode node) {
        if (node == null || node.isNull()) {
            return "(none)";
        }
        String s = node.isTextual() ? node.textValue() : node.toString();
        return Text.quote(s);
    }
}
