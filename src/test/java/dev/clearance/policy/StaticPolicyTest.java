package dev.clearance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The static policy's keys and values, as a properties file (the mounted ConfigMap) and as inline entries. */
class StaticPolicyTest {

    static final String P = "clearance.authz.static.namespaces.";

    record Valid(String name, String file, Map<String, NamespacePolicy> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("an empty file: no group namespaces", "", Map.of()),
                new Valid("only comments", "# nothing yet\n! nor here\n", Map.of()),
                new Valid("a namespace with its group", P + "team-a.group=team-a\n",
                        Map.of("team-a", new NamespacePolicy("team-a", "team-a", Map.of()))),
                new Valid("a namespace with grants", P + "team-a.group=team-a\n" + P + "team-a.grants.team-a-leads=admin\n"
                        + P + "team-a.grants.auditors=viewer\n", Map.of("team-a", new NamespacePolicy("team-a", "team-a",
                        Map.of("team-a-leads", Role.ADMIN, "auditors", Role.VIEWER)))),
                new Valid("values with spaces around them", P + "shop.group = shop-owners  \n" + P + "shop.grants.x=\\ deployer ",
                        Map.of("shop", new NamespacePolicy("shop", "shop-owners", Map.of("x", Role.DEPLOYER)))),
                new Valid("a group with dots, quoted as inline", P + "a.group=a\n" + P + "a.grants.\"team.ops\"=viewer\n",
                        Map.of("a", new NamespacePolicy("a", "a", Map.of("team.ops", Role.VIEWER)))),
                new Valid("a group with dots, unquoted", P + "a.group=a\n" + P + "a.grants.team.ops=viewer\n",
                        Map.of("a", new NamespacePolicy("a", "a", Map.of("team.ops", Role.VIEWER)))),
                new Valid("a 63-character namespace", P + "n".repeat(63) + ".group=g\n",
                        Map.of("n".repeat(63), new NamespacePolicy("n".repeat(63), "g", Map.of()))),
                new Valid("UTF-8 in a group name", P + "a.group=équipe\n",
                        Map.of("a", new NamespacePolicy("a", "équipe", Map.of()))));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("valid")
    void acceptsAValidFile(Valid c) {
        StaticPolicy.Parsed parsed = StaticPolicy.parse(c.file().getBytes(StandardCharsets.UTF_8));

        assertEquals(new StaticPolicy.Parsed.Valid(c.expected()), parsed);
    }

    record Invalid(String name, byte[] file, String property, String problem) {
        Invalid(String name, String file, String property, String problem) {
            this(name, file.getBytes(StandardCharsets.UTF_8), property, problem);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalid() {
        String ok = P + "team-a.group=team-a\n";
        return Stream.of(
                new Invalid("a key outside the static policy", ok + "clearance.authz.default-role=admin\n",
                        "clearance.authz.default-role", "is not a static policy key"),
                new Invalid("a misspelt grants", ok + P + "team-a.grant.auditors=viewer\n", P + "team-a.grant.auditors",
                        "is not a static policy key"),
                new Invalid("a namespace without a field", ok + P + "team-b=team-b\n", P + "team-b", "is not a static policy key"),
                new Invalid("grants naming no group", ok + P + "team-a.grants.=viewer\n", P + "team-a.grants.",
                        "is not a static policy key"),
                new Invalid("grants naming an empty quoted group", ok + P + "team-a.grants.\"\"=viewer\n", P + "team-a.grants.\"\"",
                        "is not a static policy key"),
                new Invalid("grants without a group key", ok + P + "team-b.grants.auditors=viewer\n", P + "team-b.group",
                        "must name the owning group"),
                new Invalid("an empty group", P + "team-a.group=  \n", P + "team-a.group", "must name the owning group"),
                new Invalid("an unknown role", ok + P + "team-a.grants.auditors=reader\n", P + "team-a.grants.auditors",
                        "must be viewer, deployer or admin, was \"reader\""),
                new Invalid("a role in capitals", ok + P + "team-a.grants.auditors=Viewer\n", P + "team-a.grants.auditors",
                        "must be viewer, deployer or admin"),
                new Invalid("an empty role", ok + P + "team-a.grants.auditors=\n", P + "team-a.grants.auditors",
                        "must be viewer, deployer or admin"),
                new Invalid("an upper-case namespace", P + "Team-A.group=team-a\n", P + "Team-A.group", "names a namespace that is not a DNS-1123 label"),
                new Invalid("an underscore in a namespace", P + "team_a.group=team-a\n", P + "team_a.group",
                        "names a namespace that is not a DNS-1123 label"),
                new Invalid("a namespace ending in a hyphen", P + "team-.group=team-a\n", P + "team-.group",
                        "names a namespace that is not a DNS-1123 label"),
                new Invalid("a 64-character namespace", P + "n".repeat(64) + ".group=g\n", P + "n".repeat(64) + ".group",
                        "names a namespace that is not a DNS-1123 label"),
                new Invalid("an empty namespace", P + ".group=g\n", P + ".group", "names a namespace that is not a DNS-1123 label"),
                new Invalid("a key set twice", ok + P + "team-a.group=team-b\n", P + "team-a.group", "is set twice"),
                new Invalid("bytes that are not UTF-8", new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28},
                        "clearance.authz.static-file", "is not UTF-8 text"),
                new Invalid("a broken unicode escape", ok + "x=\\u12G4\n", "clearance.authz.static-file",
                        "does not parse as a properties file"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("invalid")
    void refusesAnInvalidFileNamingTheKey(Invalid c) {
        StaticPolicy.Parsed.Invalid refused = assertInstanceOf(StaticPolicy.Parsed.Invalid.class, StaticPolicy.parse(c.file()));

        assertEquals(c.property(), refused.property());
        assertTrue(refused.sentence().startsWith(c.property() + " " + c.problem()), refused.sentence());
    }

    /** The file cases that can be spelt inline: all but the file's own decoding errors and a key set twice. */
    static Stream<Invalid> invalidInline() {
        return invalid().filter(c -> !c.property().equals("clearance.authz.static-file") && !c.problem().equals("is set twice"));
    }

    @ParameterizedTest(name = "inline entries: refuses {0}")
    @MethodSource("invalidInline")
    void refusesTheSameEntriesInline(Invalid c) throws java.io.IOException {
        java.util.Properties entries = new java.util.Properties();
        entries.load(new java.io.StringReader(new String(c.file(), StandardCharsets.UTF_8)));
        Map<String, String> map = new java.util.HashMap<>();
        entries.forEach((k, v) -> map.put((String) k, (String) v));

        StaticPolicy.Parsed.Invalid refused = assertInstanceOf(StaticPolicy.Parsed.Invalid.class, StaticPolicy.parse(map));

        assertEquals(c.property(), refused.property());
        assertTrue(refused.sentence().startsWith(c.property() + " " + c.problem()), refused.sentence());
    }

    @ParameterizedTest(name = "a control character in {0} is not logged as is")
    @MethodSource("controlCharacters")
    void quotesControlCharactersInTheSentence(String name, String file) {
        StaticPolicy.Parsed.Invalid refused = assertInstanceOf(StaticPolicy.Parsed.Invalid.class,
                StaticPolicy.parse(file.getBytes(StandardCharsets.UTF_8)));

        assertTrue(refused.sentence().chars().noneMatch(Character::isISOControl), refused.sentence());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> controlCharacters() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("an unknown key", "evil\\nkey=1\n"),
                org.junit.jupiter.params.provider.Arguments.of("a role", P + "a.group=a\n" + P + "a.grants.b=view\\ner\n"));
    }
}
