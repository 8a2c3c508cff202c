package dev.clearance.token.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.token.authconfig.YamlNode.JsonKind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain scalars resolve as gopkg.in/yaml.v2 resolves them (YAML 1.1), which is what kube-apiserver reads. */
class YamlScalarsTest {

    record Case(String scalar, JsonKind kind) {
        @Override
        public String toString() {
            return "\"" + scalar + "\" is " + kind.goName;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("y", JsonKind.BOOL), new Case("Y", JsonKind.BOOL), new Case("yes", JsonKind.BOOL),
                new Case("YES", JsonKind.BOOL), new Case("n", JsonKind.BOOL), new Case("No", JsonKind.BOOL),
                new Case("on", JsonKind.BOOL), new Case("OFF", JsonKind.BOOL), new Case("True", JsonKind.BOOL),
                new Case("false", JsonKind.BOOL),
                new Case("YeS", JsonKind.STRING), new Case("tRUE", JsonKind.STRING), new Case("yess", JsonKind.STRING),
                new Case("", JsonKind.NULL), new Case("~", JsonKind.NULL), new Case("null", JsonKind.NULL),
                new Case("Null", JsonKind.NULL), new Case("NULL", JsonKind.NULL), new Case("nULL", JsonKind.STRING),
                new Case("0", JsonKind.NUMBER), new Case("-1", JsonKind.NUMBER), new Case("+1", JsonKind.NUMBER),
                new Case("1_000", JsonKind.NUMBER), new Case("0x1F", JsonKind.NUMBER), new Case("-0x1f", JsonKind.NUMBER),
                new Case("0o17", JsonKind.NUMBER), new Case("017", JsonKind.NUMBER), new Case("08", JsonKind.NUMBER),
                new Case("0b101", JsonKind.NUMBER), new Case("-0b1", JsonKind.NUMBER),
                new Case("99999999999999999999999", JsonKind.NUMBER),
                new Case("1.5", JsonKind.NUMBER), new Case("1.", JsonKind.NUMBER), new Case(".5", JsonKind.NUMBER),
                new Case("1e3", JsonKind.NUMBER), new Case("-2.5E-3", JsonKind.NUMBER),
                new Case(".inf", JsonKind.NUMBER), new Case("-.Inf", JsonKind.NUMBER), new Case(".NaN", JsonKind.NUMBER),
                new Case(".", JsonKind.STRING), new Case(".e3", JsonKind.STRING), new Case("0x", JsonKind.STRING),
                new Case("+", JsonKind.STRING), new Case("-", JsonKind.STRING), new Case("1.2.3", JsonKind.STRING),
                new Case("12:30", JsonKind.STRING), new Case("2001-12-14", JsonKind.STRING),
                new Case("2001-12-14T21:59:43.10Z", JsonKind.STRING), new Case("0x1p3", JsonKind.STRING),
                new Case("1e", JsonKind.STRING), new Case("<<", JsonKind.STRING), new Case("sub", JsonKind.STRING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesAsYamlV2(Case c) {
        assertEquals(c.kind(), YamlScalars.resolvePlain(c.scalar()));
    }
}
