package dev.clearance.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mints many distinct ES256 tokens fast, for the soak (bench/soak.sh): the development issuer signs over HTTP, about
 * 200 tokens a second, and a soak of 2,000 distinct tokens a second for 10 minutes needs hundreds of thousands.
 * JDK only, run as a single-file program:
 *
 * <pre>java bench/java/dev/clearance/bench/MintTokens.java OUT_DIR COUNT ISSUER AUDIENCE LIFETIME_SECONDS</pre>
 *
 * Writes {@code OUT_DIR/jwks.json} (the public key, kid {@code soak}) and {@code OUT_DIR/tokens-es256.txt} (one
 * token per line: sub {@code user:s<i>}, groups {@code team-<i mod 200>} and {@code cluster-scope}, a distinct jti).
 */
public final class MintTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: MintTokens OUT_DIR COUNT ISSUER AUDIENCE LIFETIME_SECONDS");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String issuer = args[2];
        String audience = args[3];
        long lifetime = Long.parseLong(args[4]);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        Files.writeString(out.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"soak\",\"alg\":\"ES256\",\"use\":\"sig\",\"x\":\""
                + coordinate(pub.getW().getAffineX()) + "\",\"y\":\"" + coordinate(pub.getW().getAffineY()) + "\"}]}\n");

        String header = B64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"soak\"}".getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        // one slice per core, each with its own Signature (not thread-safe), written in order
        int slices = Runtime.getRuntime().availableProcessors();
        List<Callable<String>> work = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            int from = 1 + (int) ((long) count * s / slices);
            int to = (int) ((long) count * (s + 1) / slices);
            work.add(() -> {
                Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
                signer.initSign(pair.getPrivate());
                StringBuilder text = new StringBuilder((to - from + 1) * 480);
                for (int i = from; i <= to; i++) {
                    String payload = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"user:s" + i
                            + "\",\"groups\":[\"team-" + (i % 200) + "\",\"cluster-scope\"],\"iat\":" + now + ",\"nbf\":" + now
                            + ",\"exp\":" + (now + lifetime) + ",\"jti\":\"soak-" + i + "\"}";
                    String input = header + '.' + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
                    signer.update(input.getBytes(StandardCharsets.US_ASCII));
                    text.append(input).append('.').append(B64.encodeToString(signer.sign())).append('\n');
                }
                return text.toString();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(slices);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("tokens-es256.txt"))) {
            for (Future<String> slice : pool.invokeAll(work)) {
                w.write(slice.get());
            }
        } catch (IOException e) {
            throw new IOException("cannot write the tokens to " + out, e);
        } finally {
            pool.shutdown();
        }
    }

    /** A P-256 coordinate as JWK wants it: exactly 32 big-endian bytes. */
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int from = Math.max(0, bytes.length - 32);
        System.arraycopy(bytes, from, fixed, 32 - (bytes.length - from), bytes.length - from);
        return B64.encodeToString(Arrays.copyOf(fixed, 32));
    }
}
