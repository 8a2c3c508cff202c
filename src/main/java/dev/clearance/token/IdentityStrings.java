package dev.clearance.token;

import dev.clearance.common.Text;

/**
 * The one rule every identity string obeys (the username, each group, the uid, each extra value): no leading or
 * trailing whitespace, and no control character anywhere.
 *
 * <p>Why: proxy mode sends the identity to the API server as HTTP headers, and HTTP stacks trim header values
 * (Go's does) and break on control characters. A group {@code "cluster-admins\t"}, which clearance does not count
 * as an admin group, would arrive upstream as {@code oidc:cluster-admins}. Webhook mode gets the same rule, so that
 * one token means one identity whichever way it enters. Whitespace is what {@link Character#isWhitespace} or
 * {@link Character#isSpaceChar} says (no-break and ideographic spaces included); control characters are
 * {@link Character#isISOControl} (tab, CR, LF, NUL, DEL, C1).
 */
public final class IdentityStrings {

    private IdentityStrings() {}

    /**
     * Refuses the token when the claim's value or the identity string made from it (prefix applied) breaks the rule.
     *
     * @param what what the string becomes, e.g. "group" or "extra clearance.dev/platform-host value"
     * @param claim the claim it was taken from
     */
    static void check(String what, String claim, String claimValue, String identityValue) throws TokenRefusal {
        String problem = problem(claimValue);
        String subject = "the value of claim " + claim;
        if (problem == null) {
            problem = problem(identityValue);
            subject = "the " + what + " made from claim " + claim;
        }
        if (problem != null) {
            throw new TokenRefusal(AuthnReason.IDENTITY_INVALID, what + " " + Text.quote(identityValue) + " is refused: "
                    + subject + " " + problem + "; identity strings may not begin or end with whitespace or contain control "
                    + "characters, because proxy mode sends them as HTTP headers, which trim and break on them");
        }
    }

    /** What is wrong with the value, or null. */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isISOControl(c)) {
                return "contains a control character (" + codePoint(c) + ")";
            }
            i += Character.charCount(c);
        }
        if (!value.isEmpty() && isSpace(value.codePointAt(0))) {
            return "begins with whitespace (" + codePoint(value.codePointAt(0)) + ")";
        }
        if (!value.isEmpty() && isSpace(value.codePointBefore(value.length()))) {
            return "ends with whitespace (" + codePoint(value.codePointBefore(value.length())) + ")";
        }
        return null;
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
