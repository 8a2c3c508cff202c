package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fingerprint is SHA-256 of the token's UTF-8 bytes, first 16 bytes in hex, whatever path computes it. */
class FingerprintTest {

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("the empty string", ""),
                Arguments.of("abc (the FIPS 180-2 example)", "abc"),
                Arguments.of("a compact JWS", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyOmFsaWNlIn0.c2lnbmF0dXJl"),
                Arguments.of("a non-ASCII character (the UTF-8 path)", "eyJ.é.sig"),
                Arguments.of("a character outside the BMP", "a\uD83D\uDE00b"),
                Arguments.of("longer than the first buffer", "x".repeat(10_000)),
                Arguments.of("longer than any buffer", "y".repeat(70_000)),
                Arguments.of("short again after a long one", "abc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void isTheFirstHalfOfTheSha256OfTheUtf8Bytes(String name, String token) throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(expected, 0, 16), Fingerprint.of(token), name);
    }

    @Test
    void matchesWhatSha256sumPrints() {
        // printf %s abc | sha256sum | cut -c1-32
        assertEquals("ba7816bf8f01cfea414140de5dae2223", Fingerprint.of("abc"));
    }
}
