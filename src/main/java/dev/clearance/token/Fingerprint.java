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
    /**
     * Tokens are ASCII (base64url and dots), so their UTF-8 bytes are their chars: copied into one buffer per thread
     * instead of a new array per token (a token is about 1 KiB, and this runs on every request of both modes).
     */
    private static final int MAX_SCRATCH = 64 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private Fingerprint() {}

    public static String of(String token) {
        MessageDigest sha256 = SHA256.get();
        int n = token.length();
        byte[] ascii = n <= MAX_SCRATCH ? scratch(n) : null;
        if (ascii != null && copyAscii(token, ascii)) {
            sha256.update(ascii, 0, n);
        } else {
            sha256.update(token.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(sha256.digest(), 0, 16);
    }

    private static byte[] scratch(int n) {
        byte[] buffer = SCRATCH.get();
        if (buffer.length < n) {
            buffer = new byte[Math.min(MAX_SCRATCH, Math.max(n, buffer.length * 2))];
            SCRATCH.set(buffer);
        }
        return buffer;
    }

    /** Copies an all-ASCII string into {@code into}; false (with {@code into} garbage) at the first other char. */
    private static boolean copyAscii(String token, byte[] into) {
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            into[i] = (byte) c;
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
