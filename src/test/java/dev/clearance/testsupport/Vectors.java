package dev.clearance.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared wire vectors (src/test/resources/vectors, copied from shared/vectors). */
public final class Vectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Vectors() {}

    /** The vector file names starting with {@code prefix} ({@code tr}, {@code sar}, {@code adm}), sorted. */
    public static List<String> names(String prefix) {
        try {
            Path dir = Path.of(Vectors.class.getClassLoader().getResource("vectors").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".json")).sorted()
                        .toList();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the vectors", e);
        }
    }

    /** The whole vector: description, endpoint_kind, request, must. */
    public static JsonNode load(String name) throws IOException {
        try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream("vectors/" + name)) {
            return MAPPER.readTree(in);
        }
    }
}
