package dev.clearance.token.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.clearance.token.cel.FormatValues.FormatException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code <string>.format(<list>)}, which cel-java lacks, as cel-go's strings extension version 2 (the one
 * kube-apiserver offers) implements it: {@code %s %d %f %e %b %o %x %X %%}, a precision for {@code %f}, en_US
 * digit grouping for {@code %f}, and cel-go's quirks kept (its {@code %e} reads the precision as a width and always
 * prints six decimals as {@code 2.718280 × 10⁰⁰}).
 */
final class StringFormat {

    private static final int DEFAULT_PRECISION = 6;
    private static final char[] SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹".toCharArray();

    private StringFormat() {}

    static String format(String template, List<?> args) throws FormatException {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int argIndex = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            if (argIndex >= args.size()) {
                throw new FormatException("index " + argIndex + " out of range");
            }
            if (i + 1 >= template.length()) {
                throw new FormatException("unexpected end of string");
            }
            i = clause(template, i + 1, args.get(argIndex++), out);
        }
        return out.toString();
    }

    /** Formats one clause starting after its {@code %}; returns the index after it. */
    private static int clause(String template, int start, Object arg, StringBuilder out) throws FormatException {
        int i = start;
        Integer precision = null;
        if (template.charAt(i) == '.') {
            int digits = ++i;
            while (i < template.length() && isAsciiDigit(template.charAt(i))) {
                i++;
            }
            if (i >= template.length()) {
                throw new FormatException("could not parse formatting clause: error while parsing precision:"
                        + " could not find end of precision specifier");
            }
            try {
                precision = Integer.parseInt(template.substring(digits, i));
            } catch (NumberFormatException e) {
                throw new FormatException("could not parse formatting clause: error while parsing precision:"
                        + " error while converting precision to integer: invalid precision "
                        + FormatValues.quote(template.substring(digits, i)));
            }
            Budget.chargeCurrent(precision);
        }
        char verb = template.charAt(i);
        try {
            out.append(switch (verb) {
                case 's' -> FormatValues.string(arg);
                case 'd' -> decimal(arg);
                case 'f' -> fixed(arg, precision == null ? DEFAULT_PRECISION : precision);
                case 'e' -> scientific(arg, precision == null ? DEFAULT_PRECISION : precision);
                case 'b' -> radix(arg, 2, "only integers and bools can be formatted as binary");
                case 'o' -> radix(arg, 8, "octal clause can only be used on integers");
                case 'x', 'X' -> hex(arg, verb == 'X');
                default -> throw new FormatException("could not parse formatting clause: unrecognized formatting"
                        + " clause \"" + verb + "\"");
            });
        } catch (FormatException e) {
            if (e.getMessage().startsWith("could not parse")) {
                throw e;
            }
            throw new FormatException("error during formatting: " + e.getMessage());
        }
        return i + 1;
    }

    private static String decimal(Object arg) throws FormatException {
        if (arg instanceof Long || arg instanceof UnsignedLong) {
            return arg.toString();
        }
        throw new FormatException("decimal clause can only be used on integers, was given "
                + FormatValues.typeName(arg));
    }

    private static String fixed(Object arg, int precision) throws FormatException {
        double value = floating(arg, "fixed-point clause can only be used on doubles, was given ");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return special(value);
        }
        String plain = new BigDecimal(value).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        int sign = plain.startsWith("-") ? 1 : 0;
        int point = plain.indexOf('.') < 0 ? plain.length() : plain.indexOf('.');
        StringBuilder grouped = new StringBuilder(plain.length() + point / 3).append(plain, 0, sign);
        for (int i = sign; i < point; i++) {
            if (i > sign && (point - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(plain.charAt(i));
        }
        return grouped.append(plain, point, plain.length()).toString();
    }

    private static String scientific(Object arg, int width) throws FormatException {
        double value = floating(arg, "scientific clause can only be used on doubles, was given ");
        String text;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            text = special(value);
        } else if (value == 0) {
            text = (1 / value < 0 ? "-" : "") + "0.000000\u202f×\u202f10⁰⁰";
        } else {
            BigDecimal rounded = new BigDecimal(value).round(new MathContext(DEFAULT_PRECISION + 1,
                    RoundingMode.HALF_EVEN));
            String digits = rounded.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - rounded.scale();
            digits = (digits + "000000").substring(0, DEFAULT_PRECISION + 1);
            StringBuilder out = new StringBuilder(value < 0 ? "-" : "").append(digits.charAt(0)).append('.')
                    .append(digits, 1, digits.length()).append("\u202f×\u202f10");
            if (exponent < 0) {
                out.append('⁻');
            }
            String magnitude = String.valueOf(Math.abs(exponent));
            for (char c : (magnitude.length() < 2 ? "0" + magnitude : magnitude).toCharArray()) {
                out.append(SUPERSCRIPT[c - '0']);
            }
            text = out.toString();
        }
        int padding = width - text.codePointCount(0, text.length());
        return padding > 0 ? " ".repeat(padding) + text : text;
    }

    private static double floating(Object arg, String refusal) throws FormatException {
        if (arg instanceof Double d) {
            return d;
        }
        if (arg instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
            return Double.parseDouble(s);
        }
        throw new FormatException(refusal + FormatValues.typeName(arg));
    }

    private static String special(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";
    }

    private static String radix(Object arg, int radix, String refusal) throws FormatException {
        if (arg instanceof Long l) {
            return Long.toString(l, radix);
        }
        if (arg instanceof UnsignedLong u) {
            return u.toString(radix);
        }
        if (radix == 2 && arg instanceof Boolean b) {
            return b ? "1" : "0";
        }
        throw new FormatException(refusal + ", was given " + FormatValues.typeName(arg));
    }

    private static String hex(Object arg, boolean upper) throws FormatException {
        String hex;
        if (arg instanceof String s) {
            hex = HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
        } else if (arg instanceof CelByteString bytes) {
            hex = HexFormat.of().formatHex(bytes.toByteArray());
        } else if (arg instanceof Long l) {
            hex = Long.toString(l, 16);
        } else if (arg instanceof UnsignedLong u) {
            hex = u.toString(16);
        } else {
            throw new FormatException("only integers, byte buffers, and strings can be formatted as hex, was given "
                    + FormatValues.typeName(arg));
        }
        return upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
