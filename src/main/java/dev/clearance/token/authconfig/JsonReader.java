package dev.clearance.token.authconfig;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.clearance.token.authconfig.YamlNode.Entry;
import dev.clearance.token.authconfig.YamlNode.JsonKind;
import dev.clearance.token.authconfig.YamlNode.Mapping;
import dev.clearance.token.authconfig.YamlNode.Scalar;
import dev.clearance.token.authconfig.YamlNode.Sequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file that starts with '{' as JSON, as kube-apiserver does (its decoder takes that as JSON, not YAML):
 * strict JSON, so {@code \/} escapes are fine and a YAML flow mapping such as {@code {a: b}} is refused. Builds the
 * same tree as {@link YamlReader}, with the same depth bound; repeated keys are kept for the binder to report.
 */
final class JsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonParser parser;

    private JsonReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Whether kube-apiserver would read the text as JSON: its first non-whitespace character is '{'. */
    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == '{';
            }
        }
        return false;
    }

    static YamlNode read(String text) throws AuthenticationConfigurationException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonReader reader = new JsonReader(parser);
            YamlNode root = reader.node(parser.nextToken(), 1);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new AuthenticationConfigurationException(
                        "the file is not valid JSON: data after the top-level object" + at(parser.currentTokenLocation()));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new AuthenticationConfigurationException(
                    "the file is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException e) {
            throw new AuthenticationConfigurationException("the file is not valid JSON");
        }
    }

    private YamlNode node(JsonToken token, int depth) throws IOException, AuthenticationConfigurationException {
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            if (depth > YamlReader.MAX_DEPTH) {
                throw new AuthenticationConfigurationException("the file nests deeper than " + YamlReader.MAX_DEPTH
                        + " levels" + at(parser.currentTokenLocation()));
            }
        }
        switch (token) {
            case START_OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    entries.add(new Entry(key, node(parser.nextToken(), depth + 1)));
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(node(t, depth + 1));
                }
                return new Sequence(items, line);
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), JsonKind.STRING, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(parser.getText(), JsonKind.NUMBER, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getText(), JsonKind.BOOL, line);
            }
            case VALUE_NULL -> {
                return new Scalar("", JsonKind.NULL, line);
            }
            default -> throw new AuthenticationConfigurationException(
                    "the file is not valid JSON: unexpected " + token + at(parser.currentTokenLocation()));
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
