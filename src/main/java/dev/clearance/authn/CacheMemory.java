package dev.clearance.authn;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.Optional;

/** The verdict cache's bound in bytes, from {@code clearance.authn.cache-max-memory} and the heap. */
final class CacheMemory {

    static final String PROPERTY = "clearance.authn.cache-max-memory";

    private CacheMemory() {
    }

    /**
     * The configured bound, or a fifth of the heap when unset: the cache must leave the rest of the heap to the
     * requests, or the collector runs all the time (issue 13: 41 % of a soak paused at 107 MiB of 155).
     *
     * @param maxHeap the JVM's maximum heap, {@link Runtime#maxMemory()}
     * @throws ConfigurationException when the bound is not positive or exceeds the heap
     */
    static long bound(Optional<MemorySize> configured, long maxHeap) {
        if (configured.isEmpty()) {
            return Math.max(1, maxHeap / 5);
        }
        java.math.BigInteger bytes = configured.get().asBigInteger();
        if (bytes.signum() <= 0) {
            throw new ConfigurationException(PROPERTY + " must be positive (it is " + bytes
                    + "); to disable the verdict cache set clearance.authn.cache-ttl=0");
        }
        if (bytes.compareTo(java.math.BigInteger.valueOf(maxHeap)) > 0) {
            throw new ConfigurationException(PROPERTY + " is " + bytes + " bytes, more than the JVM's whole maximum heap ("
                    + maxHeap + " bytes, -Xmx): leave it unset for a fifth of the heap, or give it less");
        }
        return bytes.longValueExact();
    }
}
