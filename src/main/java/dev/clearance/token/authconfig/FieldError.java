package dev.clearance.token.authconfig;

/**
 * One validation error, spelt as Go's {@code field.Error.Error()} spells it ({@code <path>: <type>[: <value>][:
 * <detail>]}), because an operator comparing clearance with kube-apiserver must read the same sentence.
 */
record FieldError(String field, String body) {

    static FieldError required(String field, String detail) {
        return new FieldError(field, withDetail("Required value", detail));
    }

    /** Invalid, with a string value rendered as Go's {@code %q}. */
    static FieldError invalid(String field, String value, String detail) {
        return new FieldError(field, withDetail("Invalid value: " + GoText.quote(value), detail));
    }

    /** Invalid, with a value Go renders as JSON (a list or a struct). */
    static FieldError invalidJson(String field, String json, String detail) {
        return new FieldError(field, withDetail("Invalid value: " + json, detail));
    }

    static FieldError duplicate(String field, String value) {
        return new FieldError(field, "Duplicate value: " + GoText.quote(value));
    }

    static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(field, "Too many: " + actual + ": must have at most " + max + (max == 1 ? " item" : " items"));
    }

    private static String withDetail(String body, String detail) {
        return detail.isEmpty() ? body : body + ": " + detail;
    }

    @Override
    public String toString() {
        return field + ": " + body;
    }
}
