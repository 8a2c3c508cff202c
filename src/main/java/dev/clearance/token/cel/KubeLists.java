package dev.clearance.token.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelOptions;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.common.values.CelByteString;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;

/**
 * kube-apiserver's list library ({@code isSorted}, {@code sum}, {@code min}, {@code max}, {@code indexOf},
 * {@code lastIndexOf}) and, at run time only, a bounded {@code lists.range} in place of cel-java's (which is
 * declared by cel-java's lists extension). kube-apiserver declares one overload per element type;
 * cel-java cannot tell those apart at run time on a {@code dyn} list, so each is one overload over
 * {@code list(A)} checking element types as it goes (a wrong element type fails at evaluation, not compilation).
 */
final class KubeLists implements CelCompilerLibrary, CelRuntimeLibrary {

    private static final CelType A = TypeParamType.create("A");
    private static final CelType LIST_A = ListType.create(A);

    private final RuntimeEquality equality;

    KubeLists(CelOptions options) {
        this.equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
    }

    @Override
    public void setCheckerOptions(CelCheckerBuilder checker) {
        checker.addFunctionDeclarations(
                member("isSorted", "list_is_sorted_bool", SimpleType.BOOL),
                member("sum", "list_sum", A),
                member("min", "list_min", A),
                member("max", "list_max", A),
                CelFunctionDecl.newFunctionDeclaration("indexOf",
                        CelOverloadDecl.newMemberOverload("list_a_index_of_int", SimpleType.INT, LIST_A, A)),
                CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                        CelOverloadDecl.newMemberOverload("list_a_last_index_of_int", SimpleType.INT, LIST_A, A)));
    }

    private static CelFunctionDecl member(String name, String overloadId, CelType result) {
        return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newMemberOverload(overloadId, result,
                LIST_A));
    }

    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
        runtime.addFunctionBindings(
                CelFunctionBinding.from("list_is_sorted_bool", List.class, KubeLists::isSorted),
                CelFunctionBinding.from("list_sum", List.class, KubeLists::sum),
                CelFunctionBinding.from("list_min", List.class, list -> extreme(list, "min", 1)),
                CelFunctionBinding.from("list_max", List.class, list -> extreme(list, "max", -1)),
                CelFunctionBinding.from("list_a_index_of_int", List.class, Object.class,
                        (list, item) -> indexOf(list, item, false)),
                CelFunctionBinding.from("list_a_last_index_of_int", List.class, Object.class,
                        (list, item) -> indexOf(list, item, true)),
                CelFunctionBinding.from("lists_range", Long.class, KubeLists::range));
    }

    private static boolean isSorted(List<?> list) throws CelEvaluationException {
        for (int i = 1; i < list.size(); i++) {
            if (compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        if (list.size() == 1) {
            compare(list.get(0), list.get(0));
        }
        return true;
    }

    private static Object sum(List<?> list) throws CelEvaluationException {
        Object total = null;
        for (Object item : list) {
            if (total == null) {
                total = item;
                compare(item, item);
            } else if (total instanceof Long a && item instanceof Long b) {
                try {
                    total = Math.addExact(a, b);
                } catch (ArithmeticException e) {
                    throw new CelEvaluationException("integer overflow");
                }
            } else if (total instanceof Double a && item instanceof Double b) {
                total = a + b;
            } else if (total instanceof UnsignedLong a && item instanceof UnsignedLong b) {
                total = a.plus(b);
            } else if (total instanceof Duration a && item instanceof Duration b) {
                total = a.plus(b);
            } else {
                throw noSuchOverload("sum", item);
            }
            if (total instanceof String || total instanceof Boolean || total instanceof Instant
                    || total instanceof CelByteString) {
                throw noSuchOverload("sum", total);
            }
        }
        return total == null ? 0L : total;
    }

    /** The first element for which no other compares {@code prefer} against it: 1 for min, -1 for max. */
    private static Object extreme(List<?> list, String name, int prefer) throws CelEvaluationException {
        if (list.isEmpty()) {
            throw new CelEvaluationException(name + " called on empty list");
        }
        Object result = list.get(0);
        compare(result, result);
        for (int i = 1; i < list.size(); i++) {
            if (compare(result, list.get(i)) == prefer) {
                result = list.get(i);
            }
        }
        return result;
    }

    private long indexOf(List<?> list, Object item, boolean last) {
        for (int n = 0; n < list.size(); n++) {
            int i = last ? list.size() - 1 - n : n;
            if (equality.objectEquals(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code lists.range(n)}: 0 to n-1, paid for before it is made, and made lazily. */
    private static List<Long> range(Long n) {
        int size = (int) Math.max(0, Math.min(n, Integer.MAX_VALUE));
        Budget.chargeCurrent(size);
        return new AbstractList<>() {
            @Override
            public Long get(int index) {
                return (long) index;
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** CEL ordering as cel-go's {@code Compare}: numbers across int, uint and double; other types with their own. */
    static int compare(Object a, Object b) throws CelEvaluationException {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return Integer.signum(Long.compare(x, y));
            }
            if (a instanceof Double x && b instanceof Double y) {
                return Integer.signum(Double.compare(x, y));
            }
            if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
                return Integer.signum(x.compareTo(y));
            }
            return Integer.signum(new java.math.BigDecimal(number(a)).compareTo(new java.math.BigDecimal(number(b))));
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Integer.signum(Boolean.compare(x, y));
        }
        if (a instanceof Duration x && b instanceof Duration y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof CelByteString x && b instanceof CelByteString y) {
            return Integer.signum(java.util.Arrays.compareUnsigned(x.toByteArray(), y.toByteArray()));
        }
        throw noSuchOverload("compare", isNumber(a) || a instanceof String || a instanceof Boolean ? b : a);
    }

    private static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double || value instanceof UnsignedLong;
    }

    private static String number(Object value) throws CelEvaluationException {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new CelEvaluationException("no such overload: compare on a NaN or infinite double");
        }
        return value instanceof Double d ? new java.math.BigDecimal(d).toPlainString() : value.toString();
    }

    private static CelEvaluationException noSuchOverload(String function, Object value) {
        return new CelEvaluationException("no such overload: " + function + " on " + FormatValues.typeName(value));
    }
}
