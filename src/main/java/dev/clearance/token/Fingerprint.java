package dev.clearance.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token fingerprint of DESIGN.md: SHA-256 of the token, first 16 bytes in lower-case hex. An operator
 * holding a token can compute it ({@code printf %s "$TOKEN" | sha256sum | cut -c1-32}) and find its decisions.
 */
public final class Fingerprint {

    private static final HexFormat HEX = HexFormat.of();

    private Fingerprint() {}

    public static String of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
