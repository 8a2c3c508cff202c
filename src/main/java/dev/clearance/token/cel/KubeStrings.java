package dev.clearance.token.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import dev.cel.runtime.RuntimeEquality;
import dev.clearance.token.cel.ClaimValues.UnescapingMap;
import java.util.List;
import java.util.Map;

/**
 * Where cel-java's strings and standard functions differ from cel-go's as kube-apiserver uses them:
 * {@code format} (missing from cel-java), {@code replace} (Go's semantics, and paid for before a large result is
 * built), {@code string(double)} (Go's spelling of doubles), and {@code in} on claims (which looks the key up as
 * written, where a select unescapes it).
 */
final class KubeStrings implements CelCompilerLibrary, CelRuntimeLibrary {

    /** Declared by cel-java's standard library; replaced here at run time only. */
    static final String DOUBLE_TO_STRING = "double_to_string";
    static final String IN_MAP = "in_map";

    private final RuntimeEquality equality;

    KubeStrings(RuntimeEquality equality) {
        this.equality = equality;
    }

    @Override
    public void setCheckerOptions(CelCheckerBuilder checker) {
        checker.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration("format", CelOverloadDecl.newMemberOverload("string_format",
                        SimpleType.STRING, SimpleType.STRING, ListType.create(SimpleType.DYN))),
                CelFunctionDecl.newFunctionDeclaration("replace",
                        CelOverloadDecl.newMemberOverload("string_replace_string_string", SimpleType.STRING,
                                SimpleType.STRING, SimpleType.STRING, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("string_replace_string_string_int", SimpleType.STRING,
                                SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
    }

    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
        runtime.addFunctionBindings(
                CelFunctionBinding.from("string_format", String.class, List.class, KubeStrings::format),
                CelFunctionBinding.from("string_replace_string_string",
                        ImmutableList.of(String.class, String.class, String.class),
                        args -> replace((String) args[0], (String) args[1], (String) args[2], -1)),
                CelFunctionBinding.from("string_replace_string_string_int",
                        ImmutableList.of(String.class, String.class, String.class, Long.class),
                        args -> replace((String) args[0], (String) args[1], (String) args[2], (Long) args[3])),
                CelFunctionBinding.from(DOUBLE_TO_STRING, Double.class, GoFloat::format),
                CelFunctionBinding.from(IN_MAP, Object.class, Map.class, this::inMap));
    }

    private static String format(String template, List<?> args) throws CelEvaluationException {
        try {
            return StringFormat.format(template, args);
        } catch (FormatValues.FormatException e) {
            throw new CelEvaluationException(e.getMessage());
        }
    }

    /** Go's {@code strings.Replace}: an empty {@code old} matches before every code point and at the end. */
    static String replace(String s, String old, String replacement, long limit) {
        if (limit == 0 || old.equals(replacement)) {
            return s;
        }
        long matches = old.isEmpty() ? s.codePointCount(0, s.length()) + 1L : count(s, old);
        if (limit > 0) {
            matches = Math.min(matches, limit);
        }
        if (matches == 0) {
            return s;
        }
        long length = s.length() + matches * (replacement.length() - old.length());
        Budget.chargeCurrent(length);
        StringBuilder out = new StringBuilder((int) Math.min(length, Integer.MAX_VALUE - 16));
        int start = 0;
        for (long done = 0; done < matches; done++) {
            int at;
            if (old.isEmpty()) {
                at = done == 0 ? 0 : start + Character.charCount(s.codePointAt(start));
                out.append(s, start, at);
            } else {
                at = s.indexOf(old, start);
                out.append(s, start, at);
            }
            out.append(replacement);
            start = at + old.length();
        }
        return out.append(s, start, s.length()).toString();
    }

    private static long count(String s, String old) {
        long count = 0;
        for (int at = s.indexOf(old); at >= 0; at = s.indexOf(old, at + old.length())) {
            count++;
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private boolean inMap(Object key, Map<?, ?> map) {
        if (map instanceof UnescapingMap claims) {
            return key instanceof String && claims.containsRawKey(key);
        }
        return equality.inMap((Map<Object, Object>) map, key);
    }
}
