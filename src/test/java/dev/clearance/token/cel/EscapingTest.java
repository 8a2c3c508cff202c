package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kube-apiserver's {@code Unescape}, case by case. */
class EscapingTest {

    record Case(String name, String escaped, String key) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a plain name", "email", "email"),
                new Case("a single underscore", "email_verified", "email_verified"),
                new Case("a dash", "a__dash__b", "a-b"),
                new Case("a dot", "a__dot__b", "a.b"),
                new Case("a slash", "a__slash__b", "a/b"),
                new Case("two underscores", "a__underscores__b", "a__b"),
                new Case("several sequences", "example__dot__com__slash__x__dash__y", "example.com/x-y"),
                new Case("a reserved word as the whole name", "__namespace__", "namespace"),
                new Case("another reserved word", "__in__", "in"),
                new Case("a reserved word inside a longer name is not unescaped", "a__in__b", "a__in__b"),
                new Case("an unknown sequence leaves the whole name as written", "a__dash__b__nope__c",
                        "a__dash__b__nope__c"),
                new Case("an unclosed sequence", "a__dash", "a__dash"),
                new Case("a sequence at the start", "__dash__x", "-x"),
                new Case("three underscores: the sequence starts at the second", "a___dash__b", "a_-b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unescapesAsKubeApiserver(Case c) {
        assertEquals(c.key(), Escaping.unescape(c.escaped()));
    }
}
