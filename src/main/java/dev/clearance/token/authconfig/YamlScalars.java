package dev.clearance.token.authconfig;

import dev.clearance.token.authconfig.YamlNode.JsonKind;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves a plain (unquoted, untagged) YAML scalar as gopkg.in/yaml.v2 does, which is what sigs.k8s.io/yaml and so
 * kube-apiserver use: YAML 1.1, where {@code yes}, {@code on} and {@code y} are booleans and {@code ~} is null, and
 * where a timestamp stays a string. Getting this wrong would accept a file kube-apiserver
 * refuses ({@code prefix: yes}) or the other way round.
 */
final class YamlScalars {

    private static final Set<String> BOOLS = Set.of(
            "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
    private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> SPECIAL_FLOATS = Set.of(
            ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
    /** yaml.v2's yamlStyleFloat. */
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** What Go's strconv.ParseFloat accepts after a leading '.', close enough for scalars that start with one. */
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

    private YamlScalars() {}

    /** The JSON kind of a plain scalar. */
    static JsonKind resolvePlain(String in) {
        if (NULLS.contains(in)) {
            return JsonKind.NULL;
        }
        if (BOOLS.contains(in)) {
            return JsonKind.BOOL;
        }
        if (SPECIAL_FLOATS.contains(in)) {
            return JsonKind.NUMBER;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return DOT_FLOAT.matcher(in).matches() ? JsonKind.NUMBER : JsonKind.STRING;
        }
        if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
            return looksNumeric(in) ? JsonKind.NUMBER : JsonKind.STRING;
        }
        return JsonKind.STRING;
    }

    /** Whether a plain bool scalar means true. */
    static boolean isTrue(String in) {
        return TRUE.contains(in);
    }

    private static boolean looksNumeric(String in) {
        // A timestamp ("2001-12-14") is neither an integer nor a float: yaml.v2 keeps it a string when it decodes
        // into interface{}, so it needs no case of its own.
        String plain = in.replace("_", "");
        return goInteger(plain) || YAML_FLOAT.matcher(plain).matches() || binary(plain);
    }

    /** Go's strconv.ParseInt/ParseUint with base 0 (sign, 0x, 0o, 0b, leading-0 octal), any size. */
    private static boolean goInteger(String s) {
        String digits = s;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            char p = Character.toLowerCase(digits.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                digits = digits.substring(2);
            } else {
                radix = 8;
                digits = digits.substring(1);
            }
        }
        return parses(digits, radix);
    }

    private static boolean binary(String s) {
        if (s.startsWith("0b")) {
            return parses(s.substring(2), 2);
        }
        return s.startsWith("-0b") && parses(s.substring(3), 2);
    }

    private static boolean parses(String digits, int radix) {
        if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
            return false;
        }
        try {
            new BigInteger(digits, radix);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
