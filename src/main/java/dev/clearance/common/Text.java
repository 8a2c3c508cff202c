package dev.clearance.common;

/** Makes attacker-supplied strings (claim values, header fields) safe to put in a message or a log line. */
public final class Text {

    private static final int MAX_QUOTED = 80;

    private Text() {}

    /** The value in double quotes, control characters (C0, DEL and C1) replaced and cut to a readable length. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 3).append('"');
        int limit = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '"' || c == '\\' ? '?' : c);
        }
        if (value.length() > MAX_QUOTED) {
            out.append('…');
        }
        return out.append('"').toString();
    }
}
