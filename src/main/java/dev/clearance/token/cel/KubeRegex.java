package dev.clearance.token.cel;

import com.google.common.collect.ImmutableList;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-apiserver's regex library: {@code <string>.find(<regex>)} and {@code <string>.findAll(<regex>[, <limit>])},
 * with RE2 syntax (re2j, as Go's regexp) and Go's rules for which matches {@code findAll} returns.
 */
final class KubeRegex implements CelCompilerLibrary, CelRuntimeLibrary {

    /** Patterns usually come from the expression, so a few are kept compiled; ones from claims may not fit. */
    private static final int MAX_CACHED = 256;

    private final Map<String, Pattern> cache = new ConcurrentHashMap<>();

    @Override
    public void setCheckerOptions(CelCheckerBuilder checker) {
        checker.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration("find", CelOverloadDecl.newMemberOverload(
                        "string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("findAll",
                        CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                                SimpleType.STRING, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("string_find_all_string_int",
                                ListType.create(SimpleType.STRING), SimpleType.STRING, SimpleType.STRING,
                                SimpleType.INT)));
    }

    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
        runtime.addFunctionBindings(
                CelFunctionBinding.from("string_find_string", String.class, String.class, this::find),
                CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                        (s, regex) -> findAll(s, regex, -1)),
                CelFunctionBinding.from("string_find_all_string_int",
                        ImmutableList.of(String.class, String.class, Long.class),
                        args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    }

    private String find(String s, String regex) throws CelEvaluationException {
        Matcher matcher = pattern(regex).matcher(s);
        return matcher.find() ? matcher.group() : "";
    }

    /** Go's {@code FindAllString}: no empty match right after a previous match, at most {@code limit} if >= 0. */
    private List<String> findAll(String s, String regex, long limit) throws CelEvaluationException {
        Matcher matcher = pattern(regex).matcher(s);
        List<String> found = new ArrayList<>();
        int position = 0;
        int previousEnd = -1;
        while ((limit < 0 || found.size() < limit) && position <= s.length() && matcher.find(position)) {
            boolean accept = true;
            if (matcher.end() == matcher.start()) {
                accept = matcher.start() != previousEnd;
                position = matcher.end() < s.length()
                        ? matcher.end() + Character.charCount(s.codePointAt(matcher.end())) : s.length() + 1;
            } else {
                position = matcher.end();
            }
            previousEnd = matcher.end();
            if (accept) {
                found.add(matcher.group());
            }
        }
        return found;
    }

    private Pattern pattern(String regex) throws CelEvaluationException {
        Pattern cached = cache.get(regex);
        if (cached != null) {
            return cached;
        }
        try {
            Pattern compiled = Pattern.compile(regex);
            if (cache.size() < MAX_CACHED) {
                cache.put(regex, compiled);
            }
            return compiled;
        } catch (PatternSyntaxException e) {
            throw new CelEvaluationException("Illegal regex: " + e.getMessage());
        }
    }
}
