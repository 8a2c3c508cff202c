package dev.clearance.archfixture.token.cel;

/** Architecture-test fixture: an internal of the fixture's token feature. */
public final class Expressions {
    public static int count() {
        return 1;
    }
}
