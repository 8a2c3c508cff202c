package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.Role;
import dev.clearance.policy.StaticNamespaceDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule refuses the attack it exists for and admits the platform's own provisioner and the admins. */
class AdmissionPolicyTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PROVISIONER = "system:serviceaccount:platform:provisioner";
    static final Privilege PRIVILEGE = new Privilege("oidc:", Set.of(PROVISIONER), Set.of("oidc:cluster-admins"));
    static final StaticNamespaceDirectory DIRECTORY = new StaticNamespaceDirectory(Map.of(
            "team-a", new NamespacePolicy("team-a", "team-a", Map.of("auditors", Role.VIEWER))));

    static AdmissionPolicy policy(RuleMode ownership, RuleMode bindings, RuleMode spoofing) {
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(new NamespaceOwnershipRule("clearance.dev/group", "clearance.dev/grants", PRIVILEGE), ownership);
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

    static String binding(String... subjects) {
        StringBuilder s = new StringBuilder("{\"metadata\":{\"name\":\"rb\"},\"subjects\":[");
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
        assertTrue(warned.warnings().get(0).contains("clearance binding-subjects: RoleBinding rb in team-a binds oidc:team-b"));
        assertEquals(new AdmissionDecision.Admit(List.of()), off);
    }

    @Test
    void refusesPrefixedBindingsWhileNamespacesAreNotSynced() throws Exception {
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
        Case prefixed = new Case("bind", Who.MEMBER, "rbac.authorization.k8s.io", "RoleBinding", "team-a", "rb", "CREATE",
                binding("Group=oidc:team-a"), null, AdmissionReason.BINDING_SUBJECT_OUTSIDE_GROUP);
        Case plain = new Case("bind", Who.MEMBER, "rbac.authorization.k8s.io", "RoleBinding", "team-a", "rb", "CREATE",
                binding("ServiceAccount=builder"), null, AdmissionReason.ALLOWED);

        assertTrue(rule.check(request(prefixed, false)).isPresent());
        assertTrue(rule.check(request(plain, false)).isEmpty());
    }

    @Test
    void judgesDryRunRequestsTheSame() throws Exception {
        Case attack = cases().filter(c -> c.name().equals("claim a namespace at creation")).findFirst().orElseThrow();

        assertEquals(ENFORCING.decide(request(attack, false)), ENFORCING.decide(request(attack, true)));
    }

    static AdmissionRequest request(Case c, boolean dryRun) throws Exception {
        JsonNode object = c.object() == null ? NullNode.getInstance() : MAPPER.readTree(c.object());
        JsonNode old = c.oldObject() == null ? NullNode.getInstance() : MAPPER.readTree(c.oldObject());
        return new AdmissionRequest("uid-1", c.group(), c.kind(), c.namespace(), c.objectName(), c.operation(), c.subResource(), c.who().user,
                c.who().groups, object, old, dryRun);
    }
}
