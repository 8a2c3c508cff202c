package dev.clearance.token.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Claim expressions as kube-apiserver evaluates them: JSON numbers as doubles, escaped claim names, nested claims,
 * optionals, and every function family it offers, over {@link Payloads#standard()}.
 */
class ClaimEvaluationTest {

    record Case(String name, String expression, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> doubles() {
        return Stream.of(
                new Case("a JSON integer is a double", "claims.n", 3.0),
                new Case("a double equals an int literal", "claims.n == 3", true),
                new Case("a double is greater than an int literal", "claims.n > 2", true),
                new Case("a double is less than a uint literal", "claims.n < 4u", true),
                new Case("a double is not equal to another int", "claims.n != 4", true),
                new Case("an int is found in a list of doubles", "1 in claims.nums", true),
                new Case("double arithmetic", "claims.n * 2.0 + 0.5", 6.5),
                new Case("string() of a whole double has no fraction", "string(claims.n)", "3"),
                new Case("string() of a fraction", "string(claims.half)", "3.5"),
                new Case("string() of a large double uses Go's exponent", "string(claims.big)", "1e+21"),
                new Case("%s of a whole double has no fraction", "'%s'.format([claims.n])", "3"),
                new Case("int literals stay ints", "1 + 2", 3L),
                new Case("int() of a double claim", "int(claims.n)", 3L));
    }

    static Stream<Case> escaping() {
        return Stream.of(
                new Case("__dash__ selects a claim with a dash", "claims.a__dash__b", "dash"),
                new Case("__dot__ selects a claim with a dot", "claims.a__dot__b", "dot"),
                new Case("__slash__ selects a claim with a slash", "claims.a__slash__b", "slash"),
                new Case("__underscores__ selects a claim with two underscores", "claims.a__underscores__b",
                        "underscores"),
                new Case("a reserved word is written __word__", "claims.__namespace__", "ns"),
                new Case("has() unescapes", "has(claims.a__dot__b)", true),
                new Case("an optional select unescapes", "claims.?a__dash__b.orValue('none')", "dash"),
                new Case("an index with the escaped name unescapes", "claims['a__dash__b']", "dash"),
                new Case("an index with the real name works too", "claims['a-b']", "dash"),
                new Case("a nested map unescapes", "claims.nested.x__dash__y", "deep"),
                new Case("a map inside a list unescapes", "claims.nested.list[0].k__dash__1", "v"),
                new Case("realm_access.x-y as kube-apiserver users write it", "claims.realm_access.x__dash__y", "z"),
                new Case("an escaped name is looked up only unescaped", "has(claims.only__dash__raw)", false),
                new Case("an unknown escape is looked up as written", "claims.un__known__x", "kept"),
                new Case("in looks the name up as written", "'a-b' in claims", true),
                new Case("in does not unescape, as in kube-apiserver", "'a__dash__b' in claims", false),
                new Case("iteration shows the keys as written", "claims.nested.exists(k, k == 'x-y')", true));
    }

    static Stream<Case> optionalsAndNesting() {
        return Stream.of(
                new Case("orValue of a present claim", "claims.?email_verified.orValue(false)", true),
                new Case("orValue of a missing claim", "claims.?missing.orValue('x')", "x"),
                new Case("a chain of optional selects", "claims.?nested.?x__dash__y.orValue('')", "deep"),
                new Case("optional.of and hasValue", "optional.of(1).hasValue()", true),
                new Case("optional.of and value", "optional.of(2).value()", 2L),
                new Case("optional.none has no value", "optional.none().hasValue()", false),
                new Case("has() of a missing claim", "has(claims.missing)", false),
                new Case("a list inside a map", "claims.realm_access.roles.exists(r, r == 'admin')", true),
                new Case("a number inside a map inside a list is a double", "claims.nested.list[0].n", 7.0),
                new Case("a JSON null is CEL null", "claims.nul == null", true),
                new Case("the size of a nested list", "size(claims.nested.list)", 1L));
    }

    static Stream<Case> strings() {
        return Stream.of(
                new Case("charAt", "'abc'.charAt(1)", "b"),
                new Case("indexOf", "'abcb'.indexOf('b')", 1L),
                new Case("lastIndexOf", "'abcb'.lastIndexOf('b')", 3L),
                new Case("lowerAscii", "'AbC'.lowerAscii()", "abc"),
                new Case("upperAscii", "'AbC'.upperAscii()", "ABC"),
                new Case("replace every match", "'a-b-c'.replace('-', '_')", "a_b_c"),
                new Case("replace with a limit", "'a-b-c'.replace('-', '_', 1)", "a_b-c"),
                new Case("replace an empty string as Go does", "'ab'.replace('', '-')", "-a-b-"),
                new Case("replace with a zero limit changes nothing", "'a-b'.replace('-', '_', 0)", "a-b"),
                new Case("split", "'a,b'.split(',')", List.of("a", "b")),
                new Case("substring", "'hello'.substring(1, 3)", "el"),
                new Case("trim", "'  x '.trim()", "x"),
                new Case("join", "claims.groups.join(',')", "a,b"),
                new Case("quote", "strings.quote('a\\nb')", "\"a\\nb\""),
                new Case("matches", "claims.email.matches('@example[.]com$')", true),
                new Case("startsWith", "claims.email.startsWith('alice')", true),
                new Case("size of a string", "size(claims.sub)", 6L));
    }

    static Stream<Case> lists() {
        return Stream.of(
                new Case("isSorted of an unsorted claim", "claims.nums.isSorted()", false),
                new Case("isSorted with equal neighbours", "[1, 2, 2].isSorted()", true),
                new Case("sum of doubles", "claims.nums.sum()", 6.0),
                new Case("sum of ints", "[1, 2].sum()", 3L),
                new Case("sum of an empty list", "[].sum()", 0L),
                new Case("min", "claims.nums.min()", 1.0),
                new Case("max", "claims.nums.max()", 3.0),
                new Case("min of strings", "['b', 'a'].min()", "a"),
                new Case("indexOf on a list", "claims.groups.indexOf('b')", 1L),
                new Case("indexOf of a missing element", "claims.groups.indexOf('z')", -1L),
                new Case("indexOf compares numbers across types", "claims.nums.indexOf(1)", 1L),
                new Case("lastIndexOf on a list", "['a', 'b', 'a'].lastIndexOf('a')", 2L),
                new Case("flatten", "[[1], [2, 3]].flatten()", List.of(1L, 2L, 3L)),
                new Case("sort", "claims.nums.sort()", List.of(1.0, 2.0, 3.0)),
                new Case("distinct", "[1, 2, 1].distinct()", List.of(1L, 2L)),
                new Case("lists.range", "lists.range(3)", List.of(0L, 1L, 2L)),
                new Case("reverse", "[1, 2, 3].reverse()", List.of(3L, 2L, 1L)),
                new Case("slice", "[1, 2, 3].slice(1, 2)", List.of(2L)),
                new Case("sortBy", "[{'n': 2}, {'n': 1}].sortBy(e, e.n)", List.of(Map.of("n", 1L), Map.of("n", 2L))),
                new Case("sets.contains", "sets.contains(claims.groups, ['a'])", true),
                new Case("sets.equivalent", "sets.equivalent([1, 2], [2, 1])", true),
                new Case("sets.intersects", "sets.intersects(claims.groups, ['b', 'z'])", true),
                new Case("map", "claims.groups.map(g, 'oidc:' + g)", List.of("oidc:a", "oidc:b")),
                new Case("filter", "claims.nums.filter(x, x > 1)", List.of(3.0, 2.0)),
                new Case("exists_one", "claims.groups.exists_one(g, g == 'a')", true),
                new Case("all of two variables", "claims.groups.all(i, g, i < 2)", true),
                new Case("exists of two variables", "claims.groups.exists(i, g, g == 'b' && i == 1)", true),
                new Case("existsOne of two variables", "[1, 2, 3].existsOne(i, v, v > 2)", true),
                new Case("transformList", "claims.groups.transformList(i, g, g + string(i))", List.of("a0", "b1")),
                new Case("transformMap", "{'a': 1}.transformMap(k, v, v * 2)", Map.of("a", 2L)),
                new Case("transformMap over a claim map", "claims.realm_access.transformMap(k, v, k)",
                        Map.of("roles", "roles", "x-y", "x-y")));
    }

    static Stream<Case> regexAndUrls() {
        return Stream.of(
                new Case("find the first match", "claims.email.find('[a-z]+')", "alice"),
                new Case("find without a match", "'no'.find('x')", ""),
                new Case("findAll", "'a1b22'.findAll('[0-9]+')", List.of("1", "22")),
                new Case("findAll with a limit", "'a1b22c3'.findAll('[0-9]+', 2)", List.of("1", "22")),
                new Case("findAll with a zero limit", "'a1'.findAll('[0-9]', 0)", List.of()),
                new Case("findAll skips an empty match right after a match", "'baaa'.findAll('a*')",
                        List.of("", "aaa")),
                new Case("findAll of empty matches between characters", "'ab'.findAll('x*')", List.of("", "", "")),
                new Case("findAll without a match", "'x'.findAll('y')", List.of()),
                new Case("url host", "url('https://example.com:8443/p').getHost()", "example.com:8443"),
                new Case("url hostname", "url('https://example.com:8443/p').getHostname()", "example.com"),
                new Case("isURL of an absolute URL", "isURL('https://example.com')", true),
                new Case("isURL of a relative reference", "isURL('example.com/p')", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"doubles", "escaping", "optionalsAndNesting", "strings", "lists", "regexAndUrls"})
    void evaluatesAsKubeApiserver(Case c) throws Exception {
        assertEquals(c.expected(), Payloads.evaluate(c.expression()), c.expression());
    }
}
