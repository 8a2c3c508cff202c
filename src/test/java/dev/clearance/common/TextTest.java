package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Attacker-supplied strings are shown quoted, with every control character masked, and cut to a readable length. */
class TextTest {

    record Case(String name, String value, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no value", null, "(none)"),
                new Case("a plain value", "team-a", "\"team-a\""),
                new Case("letters beyond ASCII are kept", "équipe", "\"équipe\""),
                new Case("a tab, a newline and NUL", "a\tb\nc\u0000", "\"a?b?c?\""),
                new Case("DEL", "a\u007f", "\"a?\""),
                new Case("C1 controls (next line, CSI)", "a\u0085b\u009bc", "\"a?b?c\""),
                new Case("quotes and backslashes", "a\"b\\", "\"a?b?\""),
                new Case("a value longer than 80 characters", "x".repeat(81), "\"" + "x".repeat(80) + "…\""));
    }

    @ParameterizedTest(name = "quotes {0}")
    @MethodSource("cases")
    void quotesSafely(Case c) {
        assertEquals(c.quoted(), Text.quote(c.value()));
    }
}
