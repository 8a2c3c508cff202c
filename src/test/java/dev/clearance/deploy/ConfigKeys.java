package dev.clearance.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every property name a set of {@code @ConfigMapping} interfaces accepts, as patterns ({@code *} for a map key),
 * read from the interfaces themselves, so manifests can be checked against the code.
 */
final class ConfigKeys {

    private ConfigKeys() {}

    static List<Pattern> of(Class<?>... mappings) {
        List<String> names = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            walk(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, names);
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String name : names) {
            patterns.add(Pattern.compile(Pattern.quote(name).replace("*", "\\E([^.\"]+|\"[^\"]+\")\\Q")));
        }
        return patterns;
    }

    private static void walk(String prefix, Class<?> type, List<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                            : kebab(method.getName()));
            add(name, method.getGenericReturnType(), names);
        }
    }

    private static void add(String name, Type type, List<String> names) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == Map.class) {
            add(name + ".*", ((ParameterizedType) type).getActualTypeArguments()[1], names);
        } else if (raw == java.util.Optional.class) {
            add(name, ((ParameterizedType) type).getActualTypeArguments()[0], names);
        } else if (raw.isInterface() && raw.getName().startsWith("dev.clearance.")) {
            walk(name, raw, names);
        } else {
            names.add(name);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
