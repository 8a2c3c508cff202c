package dev.clearance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A reloaded static policy is swapped whole: a reader sees the old policy or the new one, never a part of either. */
class ReloadableNamespaceDirectoryTest {

    /** Generation {@code g}: namespaces n0..n19, each owned by {@code owners-g} with a grant to {@code leads-g}. */
    static StaticNamespaceDirectory generation(int g) {
        Map<String, NamespacePolicy> namespaces = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            namespaces.put("n" + i, new NamespacePolicy("n" + i, "owners-" + g, Map.of("leads-" + g, Role.ADMIN)));
        }
        return new StaticNamespaceDirectory(namespaces);
    }

    @Test
    void findsInTheNewPolicyOnceSwapped() {
        ReloadableNamespaceDirectory directory = new ReloadableNamespaceDirectory(new StaticNamespaceDirectory(Map.of(
                "team-a", new NamespacePolicy("team-a", "team-a", Map.of()))));

        directory.replace(new StaticNamespaceDirectory(Map.of("team-c", new NamespacePolicy("team-c", "team-c", Map.of()))));

        assertEquals(Optional.empty(), directory.find("team-a"));
        assertEquals("team-c", directory.find("team-c").orElseThrow().owningGroup());
        assertEquals(Optional.empty(), directory.find(null));
        assertTrue(directory.synced());
    }

    @Test
    void concurrentReadersSeeOneWholeGenerationWhileItIsSwapped() throws InterruptedException {
        ReloadableNamespaceDirectory directory = new ReloadableNamespaceDirectory(generation(0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> mixes = new ConcurrentLinkedQueue<>();
        Thread[] readers = new Thread[3];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                while (!stop.get()) {
                    // one snapshot, as one decision takes it: every namespace present and from the same generation
                    NamespaceDirectory snapshot = directory.current();
                    String owners = snapshot.find("n0").map(NamespacePolicy::owningGroup).orElse("(missing)");
                    for (int i = 0; i < 20; i++) {
                        Optional<NamespacePolicy> ns = snapshot.find("n" + i);
                        String g = owners.substring(owners.indexOf('-') + 1);
                        if (ns.isEmpty() || !ns.get().owningGroup().equals(owners)
                                || !ns.get().grants().equals(Map.of("leads-" + g, Role.ADMIN))) {
                            mixes.add("n" + i + " " + ns + " beside n0 owned by " + owners);
                        }
                    }
                    // and a lookup straight on the directory always finds a whole namespace
                    if (directory.find("n7").isEmpty()) {
                        mixes.add("n7 missing during a swap");
                    }
                    reads.incrementAndGet();
                }
            });
            readers[r].start();
        }
        AtomicInteger swaps = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                directory.replace(generation(swaps.incrementAndGet()));
            }
        });
        writer.start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() > 5000 && swaps.get() > 500);
        stop.set(true);
        writer.join();
        for (Thread reader : readers) {
            reader.join();
        }

        assertEquals(java.util.List.of(), java.util.List.copyOf(mixes));
        assertEquals("owners-" + swaps.get(), directory.find("n0").orElseThrow().owningGroup());
    }
}
