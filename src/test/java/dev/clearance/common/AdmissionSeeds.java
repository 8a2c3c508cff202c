package dev.clearance.common;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * AdmissionReviews for the kinds the rules read deeply (the vectors are mostly pods): a CertificateSigningRequest
 * with a real PEM, a Namespace relabelled, a RoleBinding with subjects. The fuzzer damages them.
 */
final class AdmissionSeeds {

    private AdmissionSeeds() {}

    static List<byte[]> all() {
        return List.of(
                review("certificates.k8s.io", "CertificateSigningRequest", "certificatesigningrequests", null, "csr-1", "CREATE",
                        "{\"spec\":{\"request\":\"" + csr() + "\",\"signerName\":\"kubernetes.io/kube-apiserver-client\"}}", "null"),
                review("", "Namespace", "namespaces", null, "team-a", "UPDATE",
                        "{\"metadata\":{\"name\":\"team-a\",\"labels\":{\"clearance.dev/group\":\"team-b\"},"
                                + "\"annotations\":{\"clearance.dev/grants\":\"x=admin\"}}}",
                        "{\"metadata\":{\"name\":\"team-a\",\"labels\":{\"clearance.dev/group\":\"team-a\"}}}"),
                review("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", "team-a", "rb", "CREATE",
                        "{\"metadata\":{\"name\":\"rb\",\"namespace\":\"team-a\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
                                + "\"kind\":\"ClusterRole\",\"name\":\"clearance-deployer\"},\"subjects\":[{\"kind\":\"Group\","
                                + "\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"oidc:team-b\"},{\"kind\":\"User\",\"name\":\"oidc:user:x\"}]}",
                        "null"));
    }

    private static byte[] review(String group, String kind, String resource, String namespace, String name, String operation,
            String object, String oldObject) {
        String json = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"f1e2d3c4-0000-4000-8000-000000000001\","
                + "\"kind\":{\"group\":\"" + group + "\",\"version\":\"v1\",\"kind\":\"" + kind + "\"},"
                + "\"resource\":{\"group\":\"" + group + "\",\"version\":\"v1\",\"resource\":\"" + resource + "\"},"
                + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",")
                + "\"name\":\"" + name + "\",\"operation\":\"" + operation + "\","
                + "\"userInfo\":{\"username\":\"oidc:user:alice\",\"groups\":[\"oidc:team-a\",\"system:authenticated\"]},"
                + "\"object\":" + object + ",\"oldObject\":" + oldObject + ",\"dryRun\":false}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String csr() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair key = generator.generateKeyPair();
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=alice, O=team-a"), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(request);
            }
            return Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
