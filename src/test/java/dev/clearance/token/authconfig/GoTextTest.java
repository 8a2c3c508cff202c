package dev.clearance.token.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Values appear in messages exactly as Go's %q and encoding/json write them. */
class GoTextTest {

    record Case(String name, String value, String quoted, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("plain text", "https://a", "\"https://a\"", "\"https://a\""),
                new Case("quotes and backslashes", "a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""),
                new Case("named control characters", "\u0007\b\f\n\r\t\u000b", "\"\\a\\b\\f\\n\\r\\t\\v\"",
                        "\"\\u0007\\b\\f\\n\\r\\t\\u000b\""),
                new Case("other C0 controls and DEL", "\u0001\u001f\u007f", "\"\\x01\\x1f\\x7f\"", "\"\\u0001\\u001f\u007f\""),
                new Case("a C1 control and a no-break space", "\u0085\u00a0", "\"\\u0085\\u00a0\"", "\"\u0085\u00a0\""),
                new Case("letters beyond ASCII", "équipe", "\"équipe\"", "\"équipe\""),
                new Case("an emoji beyond the BMP", "\uD83D\uDE00", "\"\uD83D\uDE00\"", "\"\uD83D\uDE00\""),
                new Case("a private-use character beyond the BMP", "\uDB80\uDC00", "\"\\U000f0000\"", "\"\uDB80\uDC00\""),
                new Case("line and paragraph separators", "\u2028\u2029", "\"\\u2028\\u2029\"", "\"\\u2028\\u2029\""),
                new Case("HTML characters", "<a&b>", "\"<a&b>\"", "\"\\u003ca\\u0026b\\u003e\""),
                new Case("a lone surrogate", "\uD800", "\"\\ufffd\"", "\"\\ufffd\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quotesAsGoDoes(Case c) {
        assertEquals(c.quoted(), GoText.quote(c.value()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesJsonAsGoDoes(Case c) {
        assertEquals(c.json(), GoText.json(c.value()));
    }
}
