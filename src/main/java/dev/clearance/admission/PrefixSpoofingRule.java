package dev.clearance.admission;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * {@code prefix-spoofing}: nothing but clearance may make an identity carry the prefix. A client certificate's CN
 * becomes a username and each O a group, so a CertificateSigningRequest whose subject CN or O starts with the
 * prefix is refused; so are ServiceAccounts and (Cluster)RoleBindings named with the prefix, which would pass for
 * clearance's own identities and bindings in RBAC listings and audit logs.
 */
final class PrefixSpoofingRule implements AdmissionRule {

    private final String prefix;
    private final Privilege privilege;

    PrefixSpoofingRule(String prefix, Privilege privilege) {
        this.prefix = prefix;
        this.privilege = privilege;
    }

    @Override
    public String name() {
        return "prefix-spoofing";
    }

    @Override
    public Optional<Violation> check(AdmissionRequest request) {
        boolean writes = request.operation().equals("CREATE") || request.operation().equals("UPDATE");
        if (!writes || privilege.holds(request)) {
            return Optional.empty();
        }
        if (request.is("certificates.k8s.io", "CertificateSigningRequest")) {
            return checkCsr(request);
        }
        boolean named = request.is("", "ServiceAccount") || request.is("rbac.authorization.k8s.io", "RoleBinding")
                || request.is("rbac.authorization.k8s.io", "ClusterRoleBinding");
        if (named && request.name() != null && request.name().startsWith(prefix)) {
            return Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, request.kind() + " names starting with " + prefix
                    + " are reserved for identities clearance authenticates"));
        }
        return Optional.empty();
    }

    private Optional<Violation> checkCsr(AdmissionRequest request) {
        String encoded = request.object().path("spec").path("request").asText("");
        List<String> spoofed = new ArrayList<>();
        try {
            String pem = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            Object parsed;
            try (PEMParser parser = new PEMParser(new StringReader(pem))) {
                parsed = parser.readObject();
            }
            if (!(parsed instanceof PKCS10CertificationRequest csr)) {
                return unreadable(request);
            }
            X500Name subject = csr.getSubject();
            collect(subject, BCStyle.CN, "CN", spoofed);
            collect(subject, BCStyle.O, "O", spoofed);
        } catch (IOException | IllegalArgumentException e) {
            return unreadable(request);
        }
        if (spoofed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, "CertificateSigningRequest " + request.name()
                + " asks for a certificate with " + String.join(", ", spoofed) + "; names starting with " + prefix
                + " are reserved for identities clearance authenticates"));
    }

    private void collect(X500Name subject, ASN1ObjectIdentifier type, String label, List<String> spoofed) {
        for (RDN rdn : subject.getRDNs(type)) {
            String value = IETFUtils.valueToString(rdn.getFirst().getValue());
            if (value.startsWith(prefix)) {
                spoofed.add(label + "=" + dev.clearance.token.Text.quote(value));
            }
        }
    }

    private static Optional<Violation> unreadable(AdmissionRequest request) {
        return Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, "CertificateSigningRequest " + request.name()
                + ": spec.request is not a PEM certificate request clearance can read, so its subject cannot be checked"));
    }
}
