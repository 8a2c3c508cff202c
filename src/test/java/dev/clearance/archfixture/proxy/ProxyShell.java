package dev.clearance.archfixture.proxy;

import dev.clearance.archfixture.authn.ReviewerInternals;
import dev.clearance.archfixture.token.cel.Expressions;

/** Architecture-test fixture: a proxy that reaches into authn and into token's internals and uses Vert.x (all forbidden). */
public final class ProxyShell {
    public int run() {
        return new ReviewerInternals().review() + Expressions.count() + io.vertx.core.buffer.Buffer.buffer("x").length();
    }
}
