package dev.clearance.policy;

import dev.clearance.common.Text;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The static group-namespace policy ({@code namespace-source=static}), read from the inline
 * {@code clearance.authz.static.*} configuration or from a mounted properties file: one parser, so that the two
 * forms cannot disagree on what is valid. The keys are exactly {@code clearance.authz.static.namespaces.<ns>.group}
 * and {@code clearance.authz.static.namespaces.<ns>.grants.<group>}; every other key, a namespace that is not a
 * DNS-1123 label, a namespace without a group and an unknown role is refused with the key named, because a typo in
 * a policy must never silently grant nothing, or grant something else.
 */
public final class StaticPolicy {

    public static final String PREFIX = "clearance.authz.static.namespaces.";

    /** The property whose file cannot be decoded at all. */
    public static final String FILE_PROPERTY = "clearance.authz.static-file";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** What a policy source holds: the group namespaces, or the first key at fault. */
    public sealed interface Parsed {
        record Valid(Map<String, NamespacePolicy> namespaces) implements Parsed {
            public Valid {
                namespaces = Map.copyOf(namespaces);
            }
        }

        /** @param property the key at fault, or {@link #FILE_PROPERTY} when the file itself does not decode */
        record Invalid(String property, String problem) implements Parsed {
            public Invalid {
                Objects.requireNonNull(property);
                Objects.requireNonNull(problem);
            }

            /** The key and what is wrong with it, safe to log: a key with control characters is quoted. */
            public String sentence() {
                boolean printable = property.chars().noneMatch(Character::isISOControl);
                return (printable ? property : Text.quote(property)) + " " + problem;
            }
        }
    }

    private StaticPolicy() {}

    /** A properties file (UTF-8, as Quarkus reads application.properties), every key one of the two above. */
    public static Parsed parse(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed.Invalid(FILE_PROPERTY, "is not UTF-8 text");
        }
        Map<String, String> entries = new HashMap<>();
        String[] twice = new String[1];
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                // Properties keeps the last of two equal keys without a word; in a policy that hides a mistake
                if (entries.putIfAbsent((String) key, (String) value) != null && twice[0] == null) {
                    twice[0] = (String) key;
                }
                return super.put(key, value);
            }
        };
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return new Parsed.Invalid(FILE_PROPERTY, "does not parse as a properties file: "
                    + Text.quote(Objects.toString(e.getMessage(), e.getClass().getSimpleName())));
        }
        if (twice[0] != null) {
            return new Parsed.Invalid(twice[0], "is set twice");
        }
        return parse(entries);
    }

    /** Flat entries, {@code clearance.authz.static.namespaces.<ns>.group=<group>} and so on, checked in key order. */
    public static Parsed parse(Map<String, String> entries) {
        Map<String, String> groups = new TreeMap<>();
        Map<String, Map<String, Role>> grants = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            if (!key.startsWith(PREFIX)) {
                return unknown(key);
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            String namespace = dot < 0 ? rest : rest.substring(0, dot);
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            String grantee = field.startsWith("grants.") ? unquote(field.substring("grants.".length())) : "";
            if (!field.equals("group") && grantee.isBlank()) {
                return unknown(key);
            }
            if (!DNS_LABEL.matcher(namespace).matches()) {
                return new Parsed.Invalid(key, "names a namespace that is not a DNS-1123 label (lower-case letters, digits "
                        + "and '-', at most 63): " + Text.quote(namespace));
            }
            if (field.equals("group")) {
                if (value.isEmpty()) {
                    return new Parsed.Invalid(key, "must name the owning group");
                }
                groups.put(namespace, value);
                continue;
            }
            var role = Role.byLabel(value);
            if (role.isEmpty()) {
                return new Parsed.Invalid(key, "must be viewer, deployer or admin, was " + Text.quote(value));
            }
            grants.computeIfAbsent(namespace, ns -> new HashMap<>()).put(grantee, role.get());
        }
        for (String namespace : grants.keySet()) {
            if (!groups.containsKey(namespace)) {
                return new Parsed.Invalid(PREFIX + namespace + ".group", "must name the owning group (the namespace has grants)");
            }
        }
        Map<String, NamespacePolicy> namespaces = new HashMap<>();
        groups.forEach((ns, group) -> namespaces.put(ns, new NamespacePolicy(ns, group, grants.getOrDefault(ns, Map.of()))));
        return new Parsed.Valid(namespaces);
    }

    private static Parsed.Invalid unknown(String key) {
        return new Parsed.Invalid(key, "is not a static policy key: only " + PREFIX + "<namespace>.group and " + PREFIX
                + "<namespace>.grants.<group> are");
    }

    /** {@code "team.ops"} as the inline form quotes a map key with dots, or the key as it is. */
    private static String unquote(String group) {
        return group.length() >= 2 && group.startsWith("\"") && group.endsWith("\"") ? group.substring(1, group.length() - 1)
                : group;
    }
}
