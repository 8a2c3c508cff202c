package dev.clearance.token.authconfig;

import java.util.List;

/**
 * One node of a decoded document, reduced to what JSON can hold, the way sigs.k8s.io/yaml turns YAML into JSON
 * before Kubernetes decodes it: objects, arrays and scalars already resolved to a JSON kind.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** The node's line in the file, from 1. */
    int line();

    /** A JSON object; entries in file order, duplicates kept so that the binder can report them. */
    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }
    }

    /** A key as JSON spells it ({@code yes:} is the key "true") and its value. */
    record Entry(String key, YamlNode value) {}

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A scalar; {@code text} is the source text (for a string, its value). */
    record Scalar(String text, JsonKind kind, int line) implements YamlNode {}

    /** What a scalar is once resolved, named as Go's JSON decoder names it in its errors. */
    enum JsonKind {
        NULL("null"),
        BOOL("bool"),
        NUMBER("number"),
        STRING("string");

        final String goName;

        JsonKind(String goName) {
            this.goName = goName;
        }
    }
}
