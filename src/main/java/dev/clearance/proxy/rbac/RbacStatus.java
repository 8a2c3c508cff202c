package dev.clearance.proxy.rbac;

import java.time.Instant;

/**
 * What the {@code proxy-rbac} readiness check reports of the reconciler. Changed only through the withers below, each
 * named for the event that changes it.
 *
 * @param enabled whether the reconciler runs at all
 * @param firstResyncDone whether a full resync has succeeded (the check is UP from then on, unless the reconciler stops)
 * @param lastFullResync when the last successful full resync ended; null before the first
 * @param apiResources where the ClusterRoles' resources came from: {@code discovery}, {@code fallback}, or {@code none}
 * @param lastError the last failure's sentence; null before the first
 * @param lastErrorAt when it happened
 * @param failing how many parts (discovery, cluster, list, one per namespace) are failing now
 */
public record RbacStatus(boolean enabled, boolean firstResyncDone, Instant lastFullResync, String apiResources,
        String lastError, Instant lastErrorAt, int failing) {

    /** The reconciler does not run. */
    static final RbacStatus DISABLED = new RbacStatus(false, false, null, "none", null, null, 0);

    /** The reconciler runs and has not finished a full resync yet. */
    static final RbacStatus STARTING = new RbacStatus(true, false, null, "none", null, null, 0);

    /** A step failed with {@code message}. */
    RbacStatus withError(String message, Instant at) {
        return new RbacStatus(enabled, firstResyncDone, lastFullResync, apiResources, message, at, failing);
    }

    /** How many parts fail now. */
    RbacStatus withFailing(int count) {
        return new RbacStatus(enabled, firstResyncDone, lastFullResync, apiResources, lastError, lastErrorAt, count);
    }

    /** A full resync ended at {@code at}, succeeding or not, with the resources it used. */
    RbacStatus afterResync(boolean succeeded, Instant at, String resources, int count) {
        return new RbacStatus(enabled, firstResyncDone || succeeded, succeeded ? at : lastFullResync, resources, lastError,
                lastErrorAt, count);
    }

    /** The reconciler stopped on a bug: not ready any more. */
    RbacStatus stopped(String message, Instant at) {
        return new RbacStatus(enabled, false, lastFullResync, apiResources, message, at, failing);
    }
}
