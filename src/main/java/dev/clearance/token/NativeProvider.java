package dev.clearance.token;

import java.security.Provider;

/**
 * The native signature provider as start-up finds it on this machine. A seam: tests stand in one that cannot load,
 * instead of breaking the machine.
 */
interface NativeProvider {

    /** Why it cannot be used here (a sentence fragment naming the cause), or null when it loaded and is healthy. */
    String unusable();

    /** The provider, to pass per call; asked only after {@link #unusable()} returned null. */
    Provider provider();
}
