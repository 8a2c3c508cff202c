package dev.clearance.admission;

import dev.clearance.common.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code prefix-spoofing}: nothing but clearance may make an identity carry the prefix. A client certificate's CN
 * becomes a username and each O a group, so a CertificateSigningRequest with any CN or O attribute (in any RDN,
 * multi-valued ones included) that starts with the prefix is refused, and so is one {@link CsrReader} cannot read
 * exactly as the API server would. So are ServiceAccounts and (Cluster)RoleBindings named with the prefix, which
 * would pass for clearance's own identities and bindings in RBAC listings and audit logs.
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
        CsrReading reading = CsrReader.read(request.object().path("spec").path("request"));
        if (reading instanceof CsrReading.Unreadable unreadable) {
            return Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, "CertificateSigningRequest " + request.name()
                    + " cannot be checked: " + unreadable.why()));
        }
        List<String> spoofed = new ArrayList<>();
        for (CsrReading.SubjectName name : ((CsrReading.Names) reading).names()) {
            if (name.value().startsWith(prefix)) {
                spoofed.add(name.type() + "=" + Text.quote(name.value()));
            }
        }
        if (spoofed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, "CertificateSigningRequest " + request.name()
                + " asks for a certificate with " + String.join(", ", spoofed) + "; names starting with " + prefix
                + " are reserved for identities clearance authenticates"));
    }
}
