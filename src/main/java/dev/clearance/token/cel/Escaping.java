package dev.clearance.token.cel;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-apiserver's unescaping of map keys written as CEL identifiers ({@code claims.a__dash__b} for the claim
 * {@code a-b}), so that an expression valid there reads the same claims here.
 */
final class Escaping {

    /** CEL's reserved words, which kube-apiserver writes as {@code __word__} when they are a whole key. */
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");

    private static final Pattern ESCAPE = Pattern.compile("__[^_]+__");

    private Escaping() {}

    /**
     * The key an escaped name stands for, or the name itself when it holds no escape sequence or an unknown one
     * (kube-apiserver then looks the name up as written).
     */
    static String unescape(String name) {
        if (name.length() < 5 || !name.contains("__")) {
            return name;
        }
        Matcher matcher = ESCAPE.matcher(name);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            String contents = name.substring(matcher.start() + 2, matcher.end() - 2);
            String replacement = switch (contents) {
                case "underscores" -> "__";
                case "dot" -> ".";
                case "dash" -> "-";
                case "slash" -> "/";
                default -> RESERVED.contains(contents) && matcher.start() == 0 && matcher.end() == name.length()
                        ? contents : null;
            };
            if (replacement == null) {
                return name;
            }
            if (out == null) {
                out = new StringBuilder(name.length());
            }
            out.append(name, copied, matcher.start()).append(replacement);
            copied = matcher.end();
        }
        return out == null ? name : out.append(name, copied, name.length()).toString();
    }
}
