package dev.clearance.token.cel;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presents a parsed token payload to CEL as kube-apiserver does: every JSON number is a double, {@code null} is CEL's
 * null, and a key looked up in any map (at any depth, inside lists too) is unescaped first. The views are lazy: a
 * value is converted when CEL reads it, so an evaluation costs what it reads, not the size of the payload.
 */
final class ClaimValues {

    private ClaimValues() {}

    static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Float || value instanceof BigDecimal || value instanceof BigInteger) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return new UnescapingMap(map);
        }
        if (value instanceof List<?> list) {
            return new ConvertingList(list);
        }
        return value;
    }

    /** A JSON object whose lookups unescape the key; iteration shows the keys as they are. */
    static final class UnescapingMap extends AbstractMap<Object, Object> {

        private final Map<?, ?> raw;

        UnescapingMap(Map<?, ?> raw) {
            this.raw = raw;
        }

        /** Whether the key is present as written, for CEL's {@code in}, which kube-apiserver does not unescape. */
        boolean containsRawKey(Object key) {
            return raw.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            Object lookup = lookupKey(key);
            Object found = raw.get(lookup);
            return found == null && !raw.containsKey(lookup) ? null : toCel(found);
        }

        @Override
        public boolean containsKey(Object key) {
            return raw.containsKey(lookupKey(key));
        }

        @Override
        public int size() {
            return raw.size();
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<Object, Object>> iterator() {
                    Iterator<? extends Entry<?, ?>> entries = raw.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return entries.hasNext();
                        }

                        @Override
                        public Entry<Object, Object> next() {
                            Entry<?, ?> entry = entries.next();
                            return new SimpleImmutableEntry<>(entry.getKey(), toCel(entry.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return raw.size();
                }
            };
        }

        private static Object lookupKey(Object key) {
            return key instanceof String name ? Escaping.unescape(name) : key;
        }
    }

    /** A JSON array whose elements are converted when read. */
    static final class ConvertingList extends AbstractList<Object> {

        private final List<?> raw;

        ConvertingList(List<?> raw) {
            this.raw = raw;
        }

        @Override
        public Object get(int index) {
            return toCel(raw.get(index));
        }

        @Override
        public int size() {
            return raw.size();
        }
    }
}
