package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clearance.common.WatchedFile;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.testsupport.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** clearance.authz.static-file: read at start-up, then swapped on a valid change and kept on a bad one, with metrics. */
class PolicyFileTest {

    static final String P = "clearance.authz.static.namespaces.";
    static final String TEAM_A = P + "team-a.group=team-a\n";
    static final String TEAM_C = P + "team-c.group=team-c\n" + P + "team-c.grants.auditors=viewer\n";

    @TempDir
    Path dir;

    final MeterRegistry registry = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    Path write(String content) throws IOException {
        Path next = dir.resolve("policy.properties.next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        return Files.move(next, dir.resolve("policy.properties"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    double reloads(String status) {
        return registry.get("clearance.authz.policy.reloads").tag("status", status).counter().count();
    }

    double lastReload() {
        return registry.get("clearance.authz.policy.last.reload.timestamp").gauge().value();
    }

    List<String> hashes() {
        return registry.find("clearance.authz.policy.info").gauges().stream().map(g -> g.getId().getTag("hash")).toList();
    }

    static byte[] utf8(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(String content) {
        return WatchedFile.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** @param content null for no file at all */
    record Refused(String name, byte[] content, String property) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> refusedAtStartUp() {
        return Stream.of(
                new Refused("a missing file", null, "clearance.authz.static-file"),
                new Refused("a file that is not UTF-8", new byte[] {'a', '=', (byte) 0xFF}, "clearance.authz.static-file"),
                new Refused("an unknown role", utf8(TEAM_A + P + "team-a.grants.x=owner\n"), P + "team-a.grants.x"),
                new Refused("an unknown key", utf8(TEAM_A + "clearance.authz.default-role=admin\n"), "clearance.authz.default-role"));
    }

    @ParameterizedTest(name = "fails start-up on {0}")
    @MethodSource("refusedAtStartUp")
    void failsStartUpNamingTheFileAndTheKey(Refused c) throws IOException {
        Path path = dir.resolve("policy.properties");
        if (c.content() != null) {
            Files.write(path, c.content());
        }

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PolicyFile.load(path, registry, clock));

        assertTrue(e.getMessage().startsWith("clearance.authz.static-file " + path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(c.property()), e.getMessage());
        assertTrue(e.getConfigKeys().contains(c.property()), e.getConfigKeys().toString());
    }

    @Test
    void servesTheFileReadAtStartUp() throws IOException {
        PolicyFile file = PolicyFile.load(write(TEAM_A), registry, clock);

        assertEquals("team-a", file.directory().find("team-a").map(NamespacePolicy::owningGroup).orElseThrow());
        assertEquals(List.of(sha256(TEAM_A)), hashes());
        assertEquals(0.0, reloads("success"));
        assertEquals(0.0, reloads("failure"));
        assertEquals(clock.millis() / 1000.0, lastReload());
    }

    @Test
    void swapsInAValidChangeAndReplacesTheHashSeries() throws IOException {
        PolicyFile file = PolicyFile.load(write(TEAM_A), registry, clock);
        clock.advance(Duration.ofSeconds(30));

        file.reload(WatchedFile.read(write(TEAM_C)));

        assertEquals(Optional.empty(), file.directory().find("team-a"));
        assertEquals("team-c", file.directory().find("team-c").map(NamespacePolicy::owningGroup).orElseThrow());
        assertEquals(1.0, reloads("success"));
        assertEquals(0.0, reloads("failure"));
        assertEquals(List.of(sha256(TEAM_C)), hashes());
        assertEquals(1.0, registry.get("clearance.authz.policy.info").gauge().value());
        assertEquals(clock.millis() / 1000.0, lastReload());
    }

    record Bad(String name, String content) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badChanges() {
        return Stream.of(
                new Bad("an unknown role", TEAM_C + P + "team-c.grants.x=root\n"),
                new Bad("a namespace that is not a label", P + "Team-C.group=team-c\n"),
                new Bad("grants without a group", P + "team-c.grants.x=viewer\n"),
                new Bad("a deleted file", null));
    }

    @ParameterizedTest(name = "keeps the last good policy on {0}")
    @MethodSource("badChanges")
    void keepsTheLastGoodPolicyOnABadChange(Bad c) throws IOException {
        Path path = write(TEAM_A);
        PolicyFile file = PolicyFile.load(path, registry, clock);
        clock.advance(Duration.ofSeconds(30));
        if (c.content() == null) {
            Files.delete(path);
        } else {
            write(c.content());
        }

        file.reload(WatchedFile.read(path));

        assertEquals("team-a", file.directory().find("team-a").map(NamespacePolicy::owningGroup).orElseThrow());
        assertEquals(0.0, reloads("success"));
        assertEquals(1.0, reloads("failure"));
        assertEquals(List.of(sha256(TEAM_A)), hashes());
        assertEquals(clock.millis() / 1000.0, lastReload());
    }

    @Test
    void recoversWhenTheFileIsFixed() throws IOException {
        Path path = write(TEAM_A);
        PolicyFile file = PolicyFile.load(path, registry, clock);
        file.reload(WatchedFile.read(write("broken=1\n")));

        file.reload(WatchedFile.read(write(TEAM_C)));

        assertEquals("team-c", file.directory().find("team-c").map(NamespacePolicy::owningGroup).orElseThrow());
        assertEquals(1.0, reloads("success"));
        assertEquals(1.0, reloads("failure"));
        assertEquals(List.of(sha256(TEAM_C)), hashes());
    }

    @Test
    void pollsTheFileUntilClosed() throws IOException {
        Path path = write(TEAM_A);
        PolicyFile file = PolicyFile.load(path, registry, clock);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            file.watch(Duration.ofMillis(20), scheduler);
            write(TEAM_C);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> file.directory().find("team-c").isPresent());

            file.close();

            assertTrue(scheduler.getQueue().isEmpty(), "the poll is still scheduled after close");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
