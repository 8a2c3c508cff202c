package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.Role;
import dev.clearance.policy.StaticNamespaceDirectory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule refuses the attack it exists for and admits the platform's own provisioner and the admins. */
class AdmissionPolicyTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PROVISIONER = "system:serviceaccount:platform:provisioner";
    static final Privilege PRIVILEGE = new Privilege("oidc:", Set.of(PROVISIONER), Set.of("oidc:cluster-admins"));
    static final Set<String> PROTECTED = Set.of("clearance", "kube-system", "kube-public", "kube-node-lease");
    static final StaticNamespaceDirectory DIRECTORY = new StaticNamespaceDirectory(Map.of(
            "team-a", new NamespacePolicy("team-a", "team-a", Map.of("auditors", Role.VIEWER))));

    static AdmissionPolicy policy(RuleMode ownership, RuleMode bindings, RuleMode spoofing) {
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(new NamespaceOwnershipRule("clearance.dev/group", "clearance.dev/grants", PROTECTED, PRIVILEGE), ownership);
        rules.put(new BindingSubjectsRule("oidc:", Set.of("cluster-admins"), DIRECTORY, PRIVILEGE), bindings);
        rules.put(new PrefixSpoofingRule("oidc:", PRIVILEGE), spoofing);
        return new AdmissionPolicy(rules);
    }

    static final AdmissionPolicy ENFORCING = policy(RuleMode.ENFORCE, RuleMode.ENFORCE, RuleMode.ENFORCE);

    enum Who {
        MEMBER("oidc:user:alice", List.of("oidc:team-a", "system:authenticated")),
        ADMIN("oidc:user:root", List.of("oidc:cluster-admins")),
        PROVISIONER_SA(PROVISIONER, List.of("system:serviceaccounts")),
        OTHER_SA("system:serviceaccount:team-a:builder", List.of("system:serviceaccounts")),
        /** A client certificate's user: CN mallory, O oidc:cluster-admins; not a platform identity. */
        CERT_USER_IN_ADMIN_GROUP("mallory", List.of("oidc:cluster-admins", "system:authenticated"));

        final String user;
        final List<String> groups;

        Who(String user, List<String> groups) {
            this.user = user;
            this.groups = groups;
        }
    }

    /** {@code says}, when set, is a fragment the refusal's sentence must contain. */
    record Case(String name, Who who, String group, String kind, String namespace, String objectName, String operation,
            String subResource, String object, String oldObject, AdmissionReason expected, String says) {

        Case(String name, Who who, String group, String kind, String namespace, String objectName, String operation,
                String object, String oldObject, AdmissionReason expected) {
            this(name, who, group, kind, namespace, objectName, operation, null, object, oldObject, expected, null);
        }

        /** The same request through a subresource, e.g. {@code status}. */
        Case through(String sub) {
            return new Case(name, who, group, kind, namespace, objectName, operation, sub, object, oldObject, expected, says);
        }

        Case saying(String fragment) {
            return new Case(name, who, group, kind, namespace, objectName, operation, subResource, object, oldObject, expected,
                    fragment);
        }

        @Override
        public String toString() {
            return name + " by " + who;
        }
    }

    static String ns(String name, String group, String grants) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + (group == null ? "" : "\"clearance.dev/group\":\"" + group + "\"")
                + "},\"annotations\":{" + (grants == null ? "" : "\"clearance.dev/grants\":\"" + grants + "\"") + "}}}";
    }

    /** A RoleBinding to the built-in ClusterRole view, with subjects like {@code "Group=oidc:team-a"}. */
    static String binding(String... subjects) {
        return roleBinding("ClusterRole/view", subjects);
    }

    /** A RoleBinding to {@code role} ({@code "ClusterRole/clearance-deployer"}, {@code "Role/reader"}). */
    static String roleBinding(String role, String... subjects) {
        String[] ref = role.split("/");
        StringBuilder s = new StringBuilder("{\"metadata\":{\"name\":\"rb\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
                + "\"kind\":\"" + ref[0] + "\",\"name\":\"" + ref[1] + "\"},\"subjects\":[");
        for (int i = 0; i < subjects.length; i++) {
            String[] kindName = subjects[i].split("=");
            s.append(i == 0 ? "" : ",").append("{\"kind\":\"").append(kindName[0]).append("\",\"name\":\"").append(kindName[1]).append("\"}");
        }
        return s.append("]}").toString();
    }

    static String csr(String subject) {
        return "{\"spec\":{\"request\":\"" + Csrs.request(subject) + "\",\"signerName\":\"kubernetes.io/kube-apiserver-client\"}}";
    }

    static Stream<Case> cases() {
        String rbac = "rbac.authorization.k8s.io";
        String certs = "certificates.k8s.io";
        AdmissionReason ok = AdmissionReason.ALLOWED;
        AdmissionReason own = AdmissionReason.OWNERSHIP_PROTECTED;
        AdmissionReason bind = AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP;
        AdmissionReason spoof = AdmissionReason.PREFIX_SPOOFING;
        return Stream.of(
                // namespace-ownership
                new Case("claim a namespace at creation", Who.MEMBER, "", "Namespace", "x", "x", "CREATE", ns("x", "team-a", null), null, own),
                new Case("create a labelled namespace", Who.PROVISIONER_SA, "", "Namespace", "x", "x", "CREATE", ns("x", "team-a", null), null, ok),
                new Case("create a labelled namespace", Who.ADMIN, "", "Namespace", "x", "x", "CREATE", ns("x", "team-a", null), null, ok),
                new Case("create a plain namespace", Who.MEMBER, "", "Namespace", "x", "x", "CREATE", ns("x", null, null), null, ok),
                new Case("relabel a namespace to another group", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-b", null), ns("team-a", "team-a", null), own),
                new Case("add a label to an unowned namespace", Who.OTHER_SA, "", "Namespace", "x", "x", "UPDATE", ns("x", "team-a", null),
                        ns("x", null, null), own),
                new Case("remove the group label", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE", ns("team-a", null, null),
                        ns("team-a", "team-a", null), own),
                new Case("grant itself admin through the annotation", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-a", "team-b=admin"), ns("team-a", "team-a", null), own),
                new Case("change other labels", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-a", null).replace("\"labels\":{", "\"labels\":{\"tier\":\"gold\","), ns("team-a", "team-a", null), ok),
                new Case("relabel", Who.PROVISIONER_SA, "", "Namespace", "team-a", "team-a", "UPDATE", ns("team-a", "team-b", null),
                        ns("team-a", "team-a", null), ok),
                new Case("delete a group namespace", Who.MEMBER, "", "Namespace", "team-a", "team-a", "DELETE", null,
                        ns("team-a", "team-a", null), own),
                new Case("delete a group namespace", Who.ADMIN, "", "Namespace", "team-a", "team-a", "DELETE", null,
                        ns("team-a", "team-a", null), ok),
                new Case("delete a plain namespace", Who.MEMBER, "", "Namespace", "x", "x", "DELETE", null, ns("x", null, null), ok),
                // namespace-ownership: through the status and finalize subresources, which keep metadata changes
                new Case("relabel a namespace to another group", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-b", null), ns("team-a", "team-a", null), own).through("status"),
                new Case("add a label to an unowned namespace", Who.OTHER_SA, "", "Namespace", "x", "x", "UPDATE", ns("x", "team-a", null),
                        ns("x", null, null), own).through("finalize"),
                new Case("grant itself admin through the annotation", Who.MEMBER, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-a", "team-b=admin"), ns("team-a", "team-a", null), own).through("status"),
                new Case("finalize a group namespace, its label untouched", Who.OTHER_SA, "", "Namespace", "team-a", "team-a", "UPDATE",
                        ns("team-a", "team-a", null), ns("team-a", "team-a", null), ok).through("finalize"),
                // namespace-ownership: protected namespaces never carry the label or the annotation, whoever asks
                new Case("label clearance's own namespace with a group", Who.MEMBER, "", "Namespace", "clearance", "clearance", "UPDATE",
                        ns("clearance", "team-a", null), ns("clearance", null, null), own)
                        .saying("namespace clearance is protected (clearance.admission.protected-namespaces)"),
                new Case("label clearance's own namespace with a group", Who.ADMIN, "", "Namespace", "clearance", "clearance", "UPDATE",
                        ns("clearance", "team-a", null), ns("clearance", null, null), own),
                new Case("label kube-system with a group", Who.PROVISIONER_SA, "", "Namespace", "kube-system", "kube-system", "UPDATE",
                        ns("kube-system", "team-a", null), ns("kube-system", null, null), own).saying("kube-system"),
                new Case("create kube-node-lease with a grants annotation", Who.ADMIN, "", "Namespace", "kube-node-lease",
                        "kube-node-lease", "CREATE", ns("kube-node-lease", null, "team-a=viewer"), null, own),
                new Case("keep a group label kube-public already has", Who.ADMIN, "", "Namespace", "kube-public", "kube-public", "UPDATE",
                        ns("kube-public", "team-a", null).replace("\"labels\":{", "\"labels\":{\"tier\":\"gold\","),
                        ns("kube-public", "team-a", null), own),
                new Case("annotate clearance's namespace through namespaces/status", Who.ADMIN, "", "Namespace", "clearance", "clearance",
                        "UPDATE", ns("clearance", null, "team-a=admin"), ns("clearance", null, null), own).through("status"),
                new Case("label kube-system through namespaces/finalize", Who.PROVISIONER_SA, "", "Namespace", "kube-system",
                        "kube-system", "UPDATE", ns("kube-system", "team-a", null), ns("kube-system", null, null), own).through("finalize"),
                new Case("remove a group label from kube-public", Who.ADMIN, "", "Namespace", "kube-public", "kube-public", "UPDATE",
                        ns("kube-public", null, null), ns("kube-public", "team-a", null), ok),
                new Case("give kube-system an unrelated label", Who.ADMIN, "", "Namespace", "kube-system", "kube-system", "UPDATE",
                        ns("kube-system", null, null).replace("\"labels\":{", "\"labels\":{\"tier\":\"gold\""),
                        ns("kube-system", null, null), ok),
                new Case("label a namespace whose name only starts like a protected one", Who.ADMIN, "", "Namespace", "kube-system-x",
                        "kube-system-x", "UPDATE", ns("kube-system-x", "team-a", null), ns("kube-system-x", null, null), ok),
                // binding-subjects
                new Case("bind another group", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE", binding("Group=oidc:team-b"), null, bind),
                new Case("bind a platform user directly", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "UPDATE",
                        binding("User=oidc:user:mallory"), binding(), bind),
                new Case("bind the owning group, a granted group and admins", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("Group=oidc:team-a", "Group=oidc:auditors", "Group=oidc:cluster-admins"), null, ok),
                new Case("bind a service account and system groups", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("ServiceAccount=builder", "Group=system:serviceaccounts:team-a"), null, ok),
                new Case("bind another group in a plain namespace", Who.MEMBER, rbac, "RoleBinding", "kube-public", "rb", "CREATE",
                        binding("Group=oidc:team-b"), null, ok),
                new Case("bind another group", Who.PROVISIONER_SA, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("Group=oidc:team-b"), null, ok),
                // binding-subjects: no catch-all identity, whatever the role
                new Case("bind the view role to every authenticated user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("Group=system:authenticated"), null, bind).saying("in team-a binds Group \"system:authenticated\""),
                new Case("bind the view role to every unauthenticated request", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "UPDATE",
                        binding("ServiceAccount=builder", "Group=system:unauthenticated"), binding("ServiceAccount=builder"), bind)
                        .saying("Group \"system:unauthenticated\""),
                new Case("bind a namespace Role to the anonymous user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("Role/reader", "User=system:anonymous"), null, bind).saying("User \"system:anonymous\""),
                new Case("bind the view role to every service account in the cluster", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb",
                        "CREATE", binding("Group=system:serviceaccounts"), null, bind).saying("Group \"system:serviceaccounts\""),
                new Case("bind the view role to a lowercase kind group, which RBAC matches to nobody", Who.MEMBER, rbac, "RoleBinding",
                        "team-a", "rb", "CREATE", binding("group=system:authenticated"), null, ok),
                new Case("bind the view role to every authenticated user in a plain namespace", Who.MEMBER, rbac, "RoleBinding",
                        "kube-public", "rb", "CREATE", binding("Group=system:authenticated"), null, ok),
                // binding-subjects: a clearance-* role only to the namespace's own prefixed groups
                new Case("bind clearance-deployer to every authenticated user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-deployer", "Group=system:authenticated"), null, bind)
                        .saying("in team-a binds Group \"system:authenticated\""),
                new Case("bind clearance-deployer to the anonymous user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-deployer", "User=system:anonymous"), null, bind),
                new Case("bind clearance-deployer to a service account", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-deployer", "ServiceAccount=builder"), null, bind)
                        .saying("ServiceAccount \"builder\""),
                new Case("bind clearance-admin to an unprefixed user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-admin", "User=alice"), null, bind).saying("User \"alice\""),
                new Case("bind clearance-viewer to an unprefixed group", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-viewer", "Group=developers"), null, bind).saying("Group \"developers\""),
                new Case("bind clearance-deployer to the namespace's service accounts", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb",
                        "CREATE", roleBinding("ClusterRole/clearance-deployer", "Group=system:serviceaccounts:team-a"), null, bind),
                new Case("bind clearance-deployer to the owning group under a lowercase kind", Who.MEMBER, rbac, "RoleBinding", "team-a",
                        "rb", "CREATE", roleBinding("ClusterRole/clearance-deployer", "group=oidc:team-a"), null, bind),
                new Case("bind a namespace Role named clearance-custom to a service account", Who.MEMBER, rbac, "RoleBinding", "team-a",
                        "rb", "CREATE", roleBinding("Role/clearance-custom", "ServiceAccount=builder"), null, bind),
                new Case("bind clearance-deployer to the owning group, a granted group and admins", Who.MEMBER, rbac, "RoleBinding",
                        "team-a", "rb", "CREATE", roleBinding("ClusterRole/clearance-deployer", "Group=oidc:team-a", "Group=oidc:auditors",
                                "Group=oidc:cluster-admins"), null, ok),
                new Case("bind clearance-deployer to a service account in a plain namespace", Who.MEMBER, rbac, "RoleBinding",
                        "kube-public", "rb", "CREATE", roleBinding("ClusterRole/clearance-deployer", "ServiceAccount=builder"), null, ok),
                new Case("bind clearance-deployer to every authenticated user", Who.PROVISIONER_SA, rbac, "RoleBinding", "team-a", "rb",
                        "CREATE", roleBinding("ClusterRole/clearance-deployer", "Group=system:authenticated"), null, ok),
                new Case("bind a role named like clearance's but of another kind", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb",
                        "CREATE", roleBinding("Other/clearance-deployer", "ServiceAccount=builder"), null, ok),
                // prefix-spoofing
                new Case("a CSR with a prefixed CN", Who.OTHER_SA, certs, "CertificateSigningRequest", null, "csr", "CREATE",
                        csr("CN=oidc:user:root"), null, spoof),
                new Case("a CSR with a prefixed O", Who.MEMBER, certs, "CertificateSigningRequest", null, "csr", "CREATE",
                        csr("CN=alice, O=oidc:cluster-admins"), null, spoof),
                new Case("a CSR for an ordinary name", Who.MEMBER, certs, "CertificateSigningRequest", null, "csr", "CREATE",
                        csr("CN=alice, O=developers"), null, ok),
                new Case("a CSR that is not PEM", Who.MEMBER, certs, "CertificateSigningRequest", null, "csr", "CREATE",
                        "{\"spec\":{\"request\":\"bm90IGEgY3Ny\"}}", null, spoof),
                new Case("a RoleBinding named like clearance's", Who.MEMBER, rbac, "RoleBinding", "kube-public", "oidc:team-a", "CREATE",
                        binding(), null, spoof),
                new Case("a ClusterRoleBinding named like clearance's", Who.OTHER_SA, rbac, "ClusterRoleBinding", null, "oidc:admins",
                        "CREATE", binding(), null, spoof),
                new Case("a ClusterRoleBinding named like clearance's", Who.PROVISIONER_SA, rbac, "ClusterRoleBinding", null,
                        "oidc:admins", "CREATE", binding(), null, ok),
                new Case("pods are none of clearance's business", Who.MEMBER, "", "Pod", "team-a", "web", "CREATE", "{}", null, ok),
                // privilege: a certificate user is never an admin, whatever O its certificate carries
                new Case("claim a namespace at creation", Who.CERT_USER_IN_ADMIN_GROUP, "", "Namespace", "x", "x", "CREATE",
                        ns("x", "team-a", null), null, own),
                new Case("delete a group namespace", Who.CERT_USER_IN_ADMIN_GROUP, "", "Namespace", "team-a", "team-a", "DELETE", null,
                        ns("team-a", "team-a", null), own),
                new Case("bind another group", Who.CERT_USER_IN_ADMIN_GROUP, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("Group=oidc:team-b"), null, bind),
                new Case("a CSR with a prefixed CN", Who.CERT_USER_IN_ADMIN_GROUP, certs, "CertificateSigningRequest", null, "csr",
                        "CREATE", csr("CN=oidc:user:root"), null, spoof));
    }

    /** A CSR whose spec.request is {@code request} (a JSON value; null leaves it out), refused with {@code says}. */
    record CsrCase(String name, String request, AdmissionReason expected, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String quoted(String base64) {
        return "\"" + base64 + "\"";
    }

    static X500Name name(String rfc2253) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(rfc2253).getEncoded());
    }

    static X500Name multiValued(ASN1ObjectIdentifier[] types, String... values) {
        return new X500NameBuilder().addMultiValuedRDN(types, values).build();
    }

    static X500Name single(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new X500NameBuilder().addRDN(type, value).build();
    }

    /** The PEM of an ordinary request, base64-encoded so that standard base64 needs no padding ("=" at the end). */
    static String unpadded(String pem) {
        String text = pem;
        while (!Csrs.base64(text).endsWith("=")) {
            text += "\n";
        }
        return Csrs.base64(text).replace("=", "");
    }

    static Stream<CsrCase> csrCases() throws Exception {
        AdmissionReason ok = AdmissionReason.ALLOWED;
        AdmissionReason spoof = AdmissionReason.PREFIX_SPOOFING;
        String clean = Csrs.pem(name("CN=alice, O=developers"));
        String spoofed = Csrs.pem(name("CN=oidc:user:root"));
        byte[] der = Csrs.der(name("CN=alice, O=developers"));
        String body = clean.substring(clean.indexOf('\n') + 1, clean.indexOf("-----END"));
        return Stream.of(
                // every attribute of every RDN, as Go's pkix.Name.FillFromRDNSequence reads them
                new CsrCase("a multi-valued RDN with a prefixed CN behind an O", quoted(Csrs.request(multiValued(
                        new ASN1ObjectIdentifier[] {BCStyle.O, BCStyle.CN}, "x", "oidc:evil"))), spoof, "CN=\"oidc:evil\""),
                new CsrCase("a multi-valued RDN with a prefixed O behind a C", quoted(Csrs.request(multiValued(
                        new ASN1ObjectIdentifier[] {BCStyle.C, BCStyle.O}, "US", "oidc:cluster-admins"))), spoof,
                        "O=\"oidc:cluster-admins\""),
                new CsrCase("a multi-valued RDN of ordinary names", quoted(Csrs.request(multiValued(
                        new ASN1ObjectIdentifier[] {BCStyle.O, BCStyle.CN}, "developers", "alice"))), ok, null),
                new CsrCase("a second CN after an ordinary one (the last CN wins)", quoted(Csrs.request(new X500NameBuilder()
                        .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "oidc:user:root").build())), spoof, "CN=\"oidc:user:root\""),
                new CsrCase("a prefixed O among ordinary ones", quoted(Csrs.request(name("CN=alice, O=developers, O=oidc:team-a, O=ops"))),
                        spoof, "O=\"oidc:team-a\""),
                // the raw string, and nothing clearance cannot read the way the API server does
                new CsrCase("a prefixed CN as a BMPString", quoted(Csrs.request(single(BCStyle.CN, new DERBMPString("oidc:user:root")))),
                        spoof, "CN=\"oidc:user:root\""),
                new CsrCase("a prefixed O as a PrintableString", quoted(Csrs.request(single(BCStyle.O,
                        new DERPrintableString("oidc:cluster-admins")))), spoof, "O=\"oidc:cluster-admins\""),
                new CsrCase("a CN as a UniversalString", quoted(Csrs.request(single(BCStyle.CN,
                        new DERUniversalString("\0\0\0o\0\0\0i".getBytes(StandardCharsets.ISO_8859_1))))), spoof, "UniversalString"),
                new CsrCase("a CN as a T61String with a byte that is not ASCII", quoted(Csrs.request(single(BCStyle.CN,
                        new DERT61String("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))))), spoof, "T61String"),
                new CsrCase("an O as an OCTET STRING", quoted(Csrs.request(single(BCStyle.O,
                        new DEROctetString("oidc:cluster-admins".getBytes(StandardCharsets.US_ASCII))))), spoof, "OCTET STRING"),
                new CsrCase("a CN as a UTF8String that is not UTF-8", quoted(Csrs.request(single(BCStyle.CN,
                        ASN1Primitive.fromByteArray(new byte[] {0x0c, 0x02, (byte) 0xc3, 0x28})))), spoof, "UTF-8"),
                // exactly one CERTIFICATE REQUEST block, strict base64, nothing but whitespace around it
                new CsrCase("an ordinary request with blank lines and whitespace around it", quoted(Csrs.base64("\n\r\n" + clean + "\n \t\n")),
                        ok, null),
                new CsrCase("an ordinary request with CRLF line ends", quoted(Csrs.base64(clean.replace("\n", "\r\n"))), ok, null),
                new CsrCase("two request blocks, an ordinary one first", quoted(Csrs.base64(clean + spoofed)), spoof, "2 PEM blocks"),
                new CsrCase("two request blocks, the prefixed one first", quoted(Csrs.base64(spoofed + clean)), spoof, "2 PEM blocks"),
                new CsrCase("a CERTIFICATE block instead of a request", quoted(Csrs.base64(Csrs.pem("CERTIFICATE", der))), spoof,
                        "\"CERTIFICATE\""),
                new CsrCase("a NEW CERTIFICATE REQUEST block", quoted(Csrs.base64(Csrs.pem("NEW CERTIFICATE REQUEST", der))), spoof,
                        "\"NEW CERTIFICATE REQUEST\""),
                new CsrCase("text before the block", quoted(Csrs.base64("subject: alice\n" + clean)), spoof, "before"),
                new CsrCase("text after the block", quoted(Csrs.base64(clean + "trailer\n")), spoof, "after"),
                new CsrCase("PEM headers in the block", quoted(Csrs.base64(clean.replaceFirst("-----\n", "-----\nComment: hi\n\n"))), spoof,
                        "header"),
                new CsrCase("a block that is never closed", quoted(Csrs.base64(clean.substring(0, clean.indexOf("-----END")))), spoof,
                        "END"),
                new CsrCase("DER with bytes after the request", quoted(Csrs.base64(Csrs.pem("CERTIFICATE REQUEST",
                        java.util.Arrays.copyOf(der, der.length + 2)))), spoof, "DER"),
                new CsrCase("base64 without its padding", quoted(unpadded(clean)), spoof, "base64"),
                new CsrCase("base64 with line breaks", quoted(Base64.getMimeEncoder().encodeToString(clean.getBytes(StandardCharsets.UTF_8))
                        .replace("\r\n", "\\r\\n")),
                        spoof, "base64"),
                // malformed input is a refusal with a sentence, never an exception
                new CsrCase("characters that are not base64 in the PEM body", quoted(Csrs.base64(clean.replace(body.substring(0, 8),
                        "*!*!*!*!"))), spoof, "base64"),
                new CsrCase("truncated DER", quoted(Csrs.base64(Csrs.pem("CERTIFICATE REQUEST", java.util.Arrays.copyOf(der, der.length / 2)))),
                        spoof, "DER"),
                new CsrCase("garbage DER", quoted(Csrs.base64(Csrs.pem("CERTIFICATE REQUEST", "not a request at all".getBytes(
                        StandardCharsets.US_ASCII)))), spoof, "DER"),
                new CsrCase("DER of another structure", quoted(Csrs.base64(Csrs.pem("CERTIFICATE REQUEST", new DERSequence(
                        new ASN1Encodable[] {new DERUTF8String("x")}).getEncoded()))), spoof, "DER"),
                new CsrCase("an empty request", quoted(""), spoof, "empty"),
                new CsrCase("a request that is not base64 at all", quoted("not a csr"), spoof, "base64"),
                new CsrCase("a request that is a number", "42", spoof, "not a string"),
                new CsrCase("a request that is an object", "{\"pem\":\"x\"}", spoof, "not a string"),
                new CsrCase("a request that is null", "null", spoof, "missing"),
                new CsrCase("no request at all", null, spoof, "missing"),
                new CsrCase("a huge request", quoted("QUFB".repeat(512 * 1024)), spoof, "too large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csrCases")
    void readsCertificateRequestsAsTheApiServerDoes(CsrCase c) throws Exception {
        String object = "{\"spec\":{" + (c.request() == null ? "" : "\"request\":" + c.request() + ",")
                + "\"signerName\":\"kubernetes.io/kube-apiserver-client\"}}";
        Case request = new Case(c.name(), Who.MEMBER, "certificates.k8s.io", "CertificateSigningRequest", null, "csr", "CREATE",
                object, null, c.expected());

        decides(c.says() == null ? request : request.saying(c.says()));
    }

    /** A subject in openssl's -subj syntax ({@code +} joins attributes into one RDN); no fragments: admitted. */
    record OpensslCase(String name, String subject, List<String> says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<OpensslCase> opensslCases() {
        return Stream.of(
                new OpensslCase("a prefixed CN and O each behind another attribute", "/O=x+CN=oidc:evil/C=US+O=oidc:cluster-admins",
                        List.of("CN=\"oidc:evil\"", "O=\"oidc:cluster-admins\"")),
                new OpensslCase("a prefixed O beside an ordinary CN", "/CN=alice+O=oidc:team-a", List.of("O=\"oidc:team-a\"")),
                new OpensslCase("a prefixed CN after an ordinary one", "/CN=alice/CN=oidc:user:root", List.of("CN=\"oidc:user:root\"")),
                new OpensslCase("ordinary names in multi-valued RDNs", "/O=developers+CN=alice/C=US+O=ops", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opensslCases")
    void readsMultiValuedRequestsMadeByTheRealOpenssl(OpensslCase c) throws Exception {
        Case request = new Case(c.name(), Who.MEMBER, "certificates.k8s.io", "CertificateSigningRequest", null, "csr", "CREATE",
                "{\"spec\":{\"request\":\"" + Csrs.openssl(c.subject()) + "\"}}", null,
                c.says().isEmpty() ? AdmissionReason.ALLOWED : AdmissionReason.PREFIX_SPOOFING);

        decides(request);
        for (String fragment : c.says()) {
            decides(request.saying(fragment));
        }
    }

    @Test
    void judgesEveryMutatedRequestWithoutThrowing() throws Exception {
        long seed = 20250611L;
        java.util.Random random = new java.util.Random(seed);
        byte[] der = Csrs.der(multiValued(new ASN1ObjectIdentifier[] {BCStyle.O, BCStyle.CN}, "developers", "alice"));
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = der.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            String pem = Csrs.pem("CERTIFICATE REQUEST", mutated);
            if (i % 2 == 1) {
                char[] chars = pem.toCharArray();
                chars[random.nextInt(chars.length)] = (char) (0x20 + random.nextInt(0x5f));
                pem = new String(chars);
            }
            AdmissionRequest request = request(new Case("mutated", Who.MEMBER, "certificates.k8s.io", "CertificateSigningRequest", null,
                    "csr", "CREATE", "{\"spec\":{\"request\":\"" + Csrs.base64(pem) + "\"}}", null, null), false);

            assertDoesNotThrow(() -> ENFORCING.decide(request), "seed " + seed + ", round " + i);
        }
    }

    @Test
    void comparesTheRawStringNotItsEscapedForm() throws Exception {
        // RFC 4514 escapes "+" as "\+", so a prefix with one never matched the escaped value
        Map<AdmissionRule, RuleMode> rules = Map.of(new PrefixSpoofingRule("sso+", PRIVILEGE), RuleMode.ENFORCE);
        Case c = new Case("a CN with a prefix RFC 4514 escapes", Who.MEMBER, "certificates.k8s.io", "CertificateSigningRequest", null,
                "csr", "CREATE", "{\"spec\":{\"request\":\"" + Csrs.request(single(BCStyle.CN, new DERUTF8String("sso+root")))
                        + "\"}}", null, AdmissionReason.PREFIX_SPOOFING);

        AdmissionDecision decision = new AdmissionPolicy(rules).decide(request(c, false));

        assertInstanceOf(AdmissionDecision.Reject.class, decision, decision.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) throws Exception {
        AdmissionDecision decision = ENFORCING.decide(request(c, false));

        if (c.expected() == AdmissionReason.ALLOWED) {
            assertInstanceOf(AdmissionDecision.Admit.class, decision, decision.toString());
        } else {
            AdmissionDecision.Reject reject = assertInstanceOf(AdmissionDecision.Reject.class, decision);
            assertEquals(c.expected(), reject.reason(), reject.message());
            assertTrue(reject.message().startsWith("clearance "), reject.message());
            if (c.says() != null) {
                assertTrue(reject.message().contains(c.says()), reject.message());
            }
        }
    }

    @Test
    void warnModeAdmitsWithAWarningAndOffIgnores() throws Exception {
        Case attack = cases().filter(c -> c.name().equals("bind another group") && c.who() == Who.MEMBER).findFirst().orElseThrow();

        AdmissionDecision warned = policy(RuleMode.ENFORCE, RuleMode.WARN, RuleMode.ENFORCE).decide(request(attack, false));
        AdmissionDecision off = policy(RuleMode.ENFORCE, RuleMode.OFF, RuleMode.ENFORCE).decide(request(attack, false));

        assertInstanceOf(AdmissionDecision.Admit.class, warned);
        assertEquals(1, warned.warnings().size());
        assertTrue(warned.warnings().get(0).contains("clearance binding-subjects: RoleBinding \"rb\" in team-a binds Group \"oidc:team-b\""));
        assertEquals(new AdmissionDecision.Admit(List.of()), off);
    }

    /** What clearance cannot judge before it knows which namespaces are group namespaces: refused, to retry. */
    static Stream<Case> unsyncedCases() {
        String rbac = "rbac.authorization.k8s.io";
        AdmissionReason bind = AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP;
        return Stream.of(
                new Case("bind a prefixed group", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE", binding("Group=oidc:team-a"),
                        null, bind).saying("retry shortly"),
                new Case("bind every authenticated user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("Group=system:authenticated"), null, bind).saying("retry shortly"),
                new Case("bind the anonymous user", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("User=system:anonymous"), null, bind).saying("retry shortly"),
                new Case("bind clearance-deployer to a service account", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        roleBinding("ClusterRole/clearance-deployer", "ServiceAccount=builder"), null, bind).saying("retry shortly"),
                new Case("bind the view role to a service account", Who.MEMBER, rbac, "RoleBinding", "team-a", "rb", "CREATE",
                        binding("ServiceAccount=builder"), null, AdmissionReason.ALLOWED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsyncedCases")
    void refusesWhatItCannotJudgeWhileNamespacesAreNotSynced(Case c) throws Exception {
        dev.clearance.policy.NamespaceDirectory unsynced = new dev.clearance.policy.NamespaceDirectory() {
            @Override
            public boolean synced() {
                return false;
            }

            @Override
            public java.util.Optional<NamespacePolicy> find(String namespace) {
                return java.util.Optional.empty();
            }
        };
        BindingSubjectsRule rule = new BindingSubjectsRule("oidc:", Set.of("cluster-admins"), unsynced, PRIVILEGE);

        java.util.Optional<Violation> violation = rule.check(request(c, false));

        assertEquals(c.expected() != AdmissionReason.ALLOWED, violation.isPresent(), violation.toString());
        violation.ifPresent(v -> assertTrue(v.message().contains(c.says()), v.message()));
    }

    @Test
    void judgesDryRunRequestsTheSame() throws Exception {
        Case attack = cases().filter(c -> c.name().equals("claim a namespace at creation")).findFirst().orElseThrow();

        assertEquals(ENFORCING.decide(request(attack, false)), ENFORCING.decide(request(attack, true)));
    }

    static AdmissionRequest request(Case c, boolean dryRun) throws Exception {
        JsonNode object = c.object() == null ? NullNode.getInstance() : MAPPER.readTree(c.object());
        JsonNode old = c.oldObject() == null ? NullNode.getInstance() : MAPPER.readTree(c.oldObject());
        return new AdmissionRequest("uid-1", c.group(), c.kind(), null, c.namespace(), c.objectName(), c.operation(), c.subResource(), c.who().user,
                c.who().groups, object, old, dryRun);
    }
}
