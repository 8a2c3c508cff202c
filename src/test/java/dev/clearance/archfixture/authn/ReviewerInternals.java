package dev.clearance.archfixture.authn;

import dev.clearance.archfixture.proxy.ProxyShell;

/** Architecture-test fixture: authn using proxy back, closing a cycle. */
public final class ReviewerInternals {
    public int review() {
        return ProxyShell.class.getSimpleName().length();
    }
}
