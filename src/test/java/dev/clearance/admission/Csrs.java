package dev.clearance.admission;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Real PKCS#10 certificate requests, made in the test, as kubectl would put them in spec.request. */
final class Csrs {

    private static final KeyPair KEY = key();

    private Csrs() {}

    /** base64 of the PEM of a CSR for {@code subject}, e.g. {@code "CN=oidc:user:alice, O=oidc:team-a"}. */
    static String request(String subject) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), KEY.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(csr);
            }
            return Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
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
