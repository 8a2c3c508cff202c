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
    /** One digest per thread: getInstance searches the providers on every call. digest() resets it. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Fingerprint::sha256);

    private Fingerprint() {}

    public static String of(String token) {
        byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
