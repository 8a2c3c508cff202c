package dev.clearance.token.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.TypeType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How cel-go's {@code format} (strings extension, version 2 as kube-apiserver offers it) prints a value for
 * {@code %s}, lists and maps included: list elements and map entries CEL-quoted, doubles inside them as
 * {@code %.6f}, map entries sorted by key.
 */
final class FormatValues {

    private FormatValues() {}

    /** {@code %s}. */
    static String string(Object value) throws FormatException {
        if (value instanceof List<?> list) {
            return list(list);
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof UnsignedLong) {
            return value.toString();
        }
        if (value instanceof Double d) {
            return GoFloat.format(d);
        }
        if (value instanceof CelByteString bytes) {
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Duration duration) {
            return duration(duration);
        }
        if (value instanceof TypeType type) {
            return type.parameters().isEmpty() ? type.name() : type.parameters().get(0).name();
        }
        if (value instanceof NullValue) {
            return "null";
        }
        throw new FormatException("string clause can only be used on strings, bools, bytes, ints, doubles, maps,"
                + " lists, types, durations, and timestamps, was given " + typeName(value));
    }

    /** An element of a list or a value of a map, as cel-go prints it there. */
    private static String element(Object value) throws FormatException {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof CelByteString bytes) {
            return "b" + quote(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
        if (value instanceof Double d) {
            String fixed = Double.isNaN(d) || Double.isInfinite(d) ? GoFloat.format(d)
                    : new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
            return Double.isNaN(d) || Double.isInfinite(d) ? quote(fixed) : fixed;
        }
        if (value instanceof Instant instant) {
            return "timestamp(" + quote(instant.toString()) + ")";
        }
        if (value instanceof Duration duration) {
            return "duration(" + quote(duration(duration)) + ")";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Long
                || value instanceof UnsignedLong || value instanceof Boolean || value instanceof NullValue
                || value instanceof TypeType) {
            return string(value);
        }
        throw new FormatException("no formatting function for " + typeName(value));
    }

    private static String list(List<?> list) throws FormatException {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(element(list.get(i)));
        }
        return out.append(']').toString();
    }

    private static String map(Map<?, ?> map) throws FormatException {
        List<String[]> pairs = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            String keyText;
            if (key instanceof String s) {
                keyText = quote(s);
            } else if (key instanceof Boolean || key instanceof Long || key instanceof UnsignedLong) {
                keyText = key.toString();
            } else {
                throw new FormatException("no formatting function for map key of type " + typeName(key));
            }
            pairs.add(new String[] {keyText, element(entry.getValue())});
        }
        pairs.sort((a, b) -> a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder().append('{');
        for (int i = 0; i < pairs.size(); i++) {
            out.append(i > 0 ? ", " : "").append(pairs.get(i)[0]).append(':').append(pairs.get(i)[1]);
        }
        return out.append('}').toString();
    }

    /** Go's {@code %q}, as cel-go prints strings inside lists and maps. */
    static String quote(String value) {
        return dev.clearance.common.GoQuote.quote(value);
    }

    /** cel-go's spelling of a duration: seconds, with a fraction when there is one. */
    private static String duration(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + "s";
    }

    /** The CEL type name of a runtime value, as cel-go's messages spell it. */
    static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof UnsignedLong) {
            return "uint";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof CelByteString) {
            return "bytes";
        }
        if (value instanceof NullValue) {
            return "null_type";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        if (value instanceof Instant) {
            return "google.protobuf.Timestamp";
        }
        if (value instanceof Duration) {
            return "google.protobuf.Duration";
        }
        if (value instanceof CelType) {
            return "type";
        }
        if (value instanceof Optional<?>) {
            return "optional_type";
        }
        return value instanceof KubeUrl ? "kubernetes.URL" : value.getClass().getSimpleName();
    }

    /** A value the clause cannot print; the message is cel-go's. */
    static final class FormatException extends Exception {
        FormatException(String message) {
            super(message, null, false, false);
        }
    }
}
