package dev.clearance.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags the image ships (src/main/docker/jvm.options) start both JVMs they are meant for, the image reads
 * that file and the AOT cache its training run makes, and the heap fits the Deployment's memory limit.
 */
class JvmOptionsTest {

    static final Path OPTIONS = Path.of("src/main/docker/jvm.options");
    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    /** What the process needs besides the heap, measured with NMT and VmHWM under full load (bench/README.md). */
    static final long NON_HEAP = 160L << 20;

    @Test
    void everyFlagStartsTheJavaTheTestsRunOn() throws Exception {
        assertStarts(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Test
    void everyFlagStartsTheJava25TheImageRuns() throws Exception {
        List<Path> javas = new ArrayList<>();
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.filter(p -> p.getFileName().toString().matches("temurin-25.*|java-25.*")).forEach(p -> javas.add(p.resolve("bin/java")));
        } catch (IOException e) {
            // no /usr/lib/jvm: checked below
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(!javas.isEmpty() || "true".equals(System.getenv("CI")),
                "no Java 25 under /usr/lib/jvm");
        assertTrue(!javas.isEmpty(), "CI has Temurin 25 under /usr/lib/jvm");
        assertStarts(javas.get(0));
    }

    @Test
    void theImageStartsWithTheseFlagsAndTheAotCacheItsTrainingMade() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("COPY src/main/docker/jvm.options src/main/docker/aot-train.sh /deployments/"), dockerfile);
        assertTrue(dockerfile.contains("RUN bash /deployments/aot-train.sh /deployments java"), dockerfile);
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"@/deployments/jvm.options\", \"-XX:AOTCache=/deployments/app.aot\", "
                + "\"-jar\", \"/deployments/quarkus-run.jar\"]"), "the jar by the path the training used: " + dockerfile);
        assertTrue(Files.readString(Path.of("src/main/docker/aot-train.sh")).contains("-jar \"$APP_DIR/quarkus-run.jar\""));
    }

    @Test
    void theHeapAndWhatTheJvmNeedsBesideItFitTheDeploymentsMemoryLimit() throws IOException {
        long heap = heapBytes(Files.readString(OPTIONS));
        Deployment deployment = Serialization.unmarshal(Files.readString(Path.of("deploy/base/deployment.yaml")), Deployment.class);
        var resources = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact();
        long request = Quantity.getAmountInBytes(resources.getRequests().get("memory")).longValueExact();
        assertEquals(limit, request, "a memory limit equal to the request: the pod is not the first evicted");
        assertTrue(heap + NON_HEAP <= limit, "heap " + heap + " + " + NON_HEAP + " beside it must fit the limit " + limit);
        assertEquals("1", resources.getRequests().get("cpu").toString(), "jvm.options says -XX:ActiveProcessorCount=1");
        assertTrue(Files.readString(OPTIONS).contains("-XX:ActiveProcessorCount=1"));
    }

    static long heapBytes(String options) {
        Matcher m = Pattern.compile("(?m)^-Xmx(\\d+)([mMgG])\\s*$").matcher(options);
        assertTrue(m.find(), "jvm.options sets -Xmx");
        long n = Long.parseLong(m.group(1));
        return m.group(2).equalsIgnoreCase("g") ? n << 30 : n << 20;
    }

    private static void assertStarts(Path java) throws Exception {
        Process p = new ProcessBuilder(java.toString(), "@" + OPTIONS, "-XX:+PrintFlagsFinal", "-version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java did not exit");
        assertEquals(0, p.exitValue(), java + " refused a flag of " + OPTIONS + ":\n" + out);
        assertTrue(out.matches("(?s).*\\bUseSerialGC\\s+= true .*"), "the collector the file names: " + out.lines().filter(l -> l.contains("UseSerialGC")).toList());
        assertTrue(out.matches("(?s).*\\bActiveProcessorCount\\s+= 1 .*"));
    }
}
