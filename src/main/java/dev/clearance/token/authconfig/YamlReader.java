package dev.clearance.token.authconfig;

import dev.clearance.token.authconfig.YamlNode.Entry;
import dev.clearance.token.authconfig.YamlNode.JsonKind;
import dev.clearance.token.authconfig.YamlNode.Mapping;
import dev.clearance.token.authconfig.YamlNode.Scalar;
import dev.clearance.token.authconfig.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads one YAML (or JSON) document into {@link YamlNode}s straight from SnakeYAML's events, so that nothing is
 * constructed that the file did not spell out: no aliases (a billion-laughs file is refused, not expanded), no merge
 * keys, no custom types, a bounded depth. Scalars are resolved as kube-apiserver's YAML library resolves them.
 */
final class YamlReader {

    /** Far deeper than an AuthenticationConfiguration goes (about 6), far shallower than a stack overflow. */
    static final int MAX_DEPTH = 32;

    private static final String YAML_TAG = "tag:yaml.org,2002:";

    private final Parser parser;

    private YamlReader(String text) {
        // Only the parser is used: duplicates, aliases and depth, which LoaderOptions bounds in SnakeYAML's composer,
        // are handled here instead.
        this.parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
    }

    /** The document's root; a null scalar when the file holds an empty document or none. */
    static YamlNode read(String text) throws AuthenticationConfigurationException {
        try {
            return new YamlReader(text).document();
        } catch (MarkedYAMLException e) {
            throw new AuthenticationConfigurationException(
                    "the file is not valid YAML: " + e.getProblem() + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new AuthenticationConfigurationException("the file is not valid YAML: " + e.getMessage());
        }
    }

    private YamlNode document() throws AuthenticationConfigurationException {
        expect(Event.ID.StreamStart);
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return new Scalar("", JsonKind.NULL, 1);
        }
        expect(Event.ID.DocumentStart);
        YamlNode root = node(1);
        expect(Event.ID.DocumentEnd);
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw new AuthenticationConfigurationException(
                    "the file holds more than one YAML document" + at(parser.peekEvent().getStartMark())
                            + "; it must hold exactly one AuthenticationConfiguration");
        }
        return root;
    }

    private YamlNode node(int depth) throws AuthenticationConfigurationException {
        Event event = parser.getEvent();
        int line = event.getStartMark().getLine() + 1;
        if (event instanceof AliasEvent) {
            throw new AuthenticationConfigurationException("YAML aliases are not supported" + at(event.getStartMark()));
        }
        if (event instanceof ScalarEvent scalar) {
            return scalar(scalar, line);
        }
        if (depth > MAX_DEPTH) {
            throw new AuthenticationConfigurationException(
                    "the file nests deeper than " + MAX_DEPTH + " levels" + at(event.getStartMark()));
        }
        if (event.is(Event.ID.SequenceStart)) {
            List<YamlNode> items = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                items.add(node(depth + 1));
            }
            parser.getEvent();
            return new Sequence(items, line);
        }
        if (event.is(Event.ID.MappingStart)) {
            List<Entry> entries = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                Event keyEvent = parser.peekEvent();
                YamlNode key = node(depth + 1);
                entries.add(new Entry(keyText(key, keyEvent), node(depth + 1)));
            }
            parser.getEvent();
            return new Mapping(entries, line);
        }
        throw new AuthenticationConfigurationException("unexpected YAML " + event.getEventId() + at(event.getStartMark()));
    }

    private static Scalar scalar(ScalarEvent event, int line) throws AuthenticationConfigurationException {
        String value = event.getValue();
        String tag = event.getTag();
        if (tag == null) {
            JsonKind kind = event.isPlain() ? YamlScalars.resolvePlain(value) : JsonKind.STRING;
            return new Scalar(value, kind, line);
        }
        JsonKind wanted = switch (tag) {
            case YAML_TAG + "null" -> JsonKind.NULL;
            case YAML_TAG + "bool" -> JsonKind.BOOL;
            case YAML_TAG + "int", YAML_TAG + "float" -> JsonKind.NUMBER;
            default -> JsonKind.STRING; // !!str, !!binary, !!timestamp, and custom tags, which yaml.v2 keeps as text
        };
        if (wanted != JsonKind.STRING && YamlScalars.resolvePlain(value) != wanted) {
            throw new AuthenticationConfigurationException("cannot decode " + GoText.quote(value) + " as a !!"
                    + tag.substring(YAML_TAG.length()) + at(event.getStartMark()));
        }
        return new Scalar(value, wanted, line);
    }

    /** A key as sigs.k8s.io/yaml writes it into JSON: booleans and numbers become their text. */
    private static String keyText(YamlNode key, Event keyEvent) throws AuthenticationConfigurationException {
        if (key instanceof Scalar scalar && scalar.kind() != JsonKind.NULL) {
            if (scalar.kind() == JsonKind.BOOL) {
                return Boolean.toString(YamlScalars.isTrue(scalar.text()));
            }
            if (scalar.kind() == JsonKind.STRING && scalar.text().equals("<<")
                    && keyEvent instanceof ScalarEvent e && e.isPlain() && e.getTag() == null) {
                throw new AuthenticationConfigurationException(
                        "YAML merge keys (<<) are not supported" + at(keyEvent.getStartMark()));
            }
            return scalar.text();
        }
        throw new AuthenticationConfigurationException(
                "a mapping key must be a string" + at(keyEvent.getStartMark()));
    }

    private void expect(Event.ID id) {
        Event event = parser.getEvent();
        if (!event.is(id)) {
            throw new YAMLException("expected " + id + ", found " + event.getEventId());
        }
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }
}
