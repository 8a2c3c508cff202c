package dev.clearance.admission;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Assumptions;

/** Real PKCS#10 certificate requests, made in the test, as kubectl would put them in spec.request. */
final class Csrs {

    private static final KeyPair KEY = key();

    private Csrs() {}

    /** base64 of the PEM of a CSR for {@code subject}, e.g. {@code "CN=oidc:user:alice, O=oidc:team-a"}. */
    static String request(String subject) {
        return base64(pem(X500Name.getInstance(new X500Principal(subject).getEncoded())));
    }

    /** base64 of the PEM of a CSR for a subject built with BouncyCastle (multi-valued RDNs, odd string types). */
    static String request(X500Name subject) {
        return base64(pem(subject));
    }

    /** The PEM text (one CERTIFICATE REQUEST block, newline-terminated). */
    static String pem(X500Name subject) {
        return pem("CERTIFICATE REQUEST", der(subject));
    }

    /** A PEM block of any type around any bytes, 64 columns, as PEM writers make them. */
    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static byte[] der(X500Name subject) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, KEY.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate()));
            return csr.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * base64 of the PEM the real {@code openssl req -new -multivalue-rdn -subj subject} writes, e.g.
     * {@code "/O=x+CN=oidc:evil/C=US"}. Aborts the test when openssl is not installed, except under CI=true.
     */
    static String openssl(String subject) {
        run(List.of("openssl", "version"));
        Path key = OpensslKey.PATH;
        return base64(run(List.of("openssl", "req", "-new", "-key", key.toString(), "-multivalue-rdn", "-subj", subject)));
    }

    /** A key made once by {@code openssl genpkey}, in a temporary directory removed at exit. */
    private static final class OpensslKey {
        static final Path PATH = make();

        private static Path make() {
            try {
                Path dir = Files.createTempDirectory("clearance-csrs");
                dir.toFile().deleteOnExit();
                Path key = dir.resolve("key.pem");
                key.toFile().deleteOnExit();
                run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString()));
                return key;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("openssl is required under CI=true", e);
            }
            Assumptions.abort("openssl is not installed; skipping");
            throw new IllegalStateException(e);
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair key() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
