package dev.clearance.token.cel;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** cel-java results as the plain Java values {@link Expression} documents, converted all the way down. */
final class Results {

    private Results() {}

    static Object toJava(Object value) {
        if (value == null || value instanceof NullValue) {
            return CelNull.INSTANCE;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(toJava(element));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.put(toJava(entry.getKey()), toJava(entry.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        return value;
    }
}
