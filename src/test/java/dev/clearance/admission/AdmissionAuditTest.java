package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AdmissionDecision variant's outcome, reason and sentence, and the event's resource: the plural resource the
 * review asked for, as authz and the proxy write it, never the object's kind.
 */
class AdmissionAuditTest {

    static final AdmissionRequest.GroupVersionResource DEPLOYMENTS = new AdmissionRequest.GroupVersionResource("apps", "v1",
            "deployments");

    static AdmissionRequest request(String group, String kind, AdmissionRequest.GroupVersionResource resource, String subResource) {
        return new AdmissionRequest("uid-1", group, kind, resource, "team-a", "web", "UPDATE", subResource, "oidc:user:alice",
                List.of("oidc:team-a"), NullNode.getInstance(), NullNode.getInstance(), false);
    }

    record Case(String name, AdmissionDecision decision, Outcome outcome, String reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("an admitted request is allow, said plainly", new AdmissionDecision.Admit(List.of()), Outcome.ALLOW, "allowed",
                    "admitted"),
            new Case("an admitted request with warnings is allow and says them",
                    new AdmissionDecision.Admit(List.of("clearance a: x (warn mode: admitted)", "clearance b: y (warn mode: admitted)")),
                    Outcome.ALLOW, "allowed", "clearance a: x (warn mode: admitted); clearance b: y (warn mode: admitted)"),
            new Case("a rejected request is deny with the rule's reason and sentence",
                    new AdmissionDecision.Reject(AdmissionReason.OWNERSHIP_PROTECTED, "clearance namespace-ownership: no", List.of()),
                    Outcome.DENY, "ownership_protected", "clearance namespace-ownership: no"));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsEachDecisionToItsOutcomeReasonAndSentence(Case c) {
        AuditEvent event = AdmissionAudit.of(request("apps", "Deployment", DEPLOYMENTS, null), c.decision(), 5);

        assertEquals(c.outcome(), AdmissionAudit.outcome(c.decision()));
        assertEquals(AuditKind.ADMISSION, event.kind());
        assertEquals(c.outcome(), event.decision());
        assertEquals(c.reason(), event.reason().code());
        assertEquals(c.message(), event.message());
        assertEquals("uid-1", event.requestUid());
        assertEquals(new AuditEvent.User("oidc:user:alice", null, List.of("oidc:team-a")), event.user());
    }

    @Test
    void theTableNamesEveryVariant() {
        Set<Class<?>> variants = Arrays.stream(AdmissionDecision.class.getPermittedSubclasses()).collect(Collectors.toSet());

        assertEquals(variants, CASES.stream().map(c -> c.decision().getClass()).collect(Collectors.toSet()));
    }

    record ResourceCase(String name, AdmissionRequest request, AuditEvent.Resource expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ResourceCase> resources() {
        return Stream.of(
                new ResourceCase("a deployment is the plural deployments, not the kind Deployment",
                        request("apps", "Deployment", DEPLOYMENTS, null),
                        new AuditEvent.Resource("team-a", "update", "apps", "deployments", null, "web")),
                new ResourceCase("a Scale of a deployment is the deployments' scale subresource in group apps",
                        request("autoscaling", "Scale", DEPLOYMENTS, "scale"),
                        new AuditEvent.Resource("team-a", "update", "apps", "deployments", "scale", "web")),
                new ResourceCase("a core resource has the empty group",
                        request("", "ConfigMap", new AdmissionRequest.GroupVersionResource("", "v1", "configmaps"), null),
                        new AuditEvent.Resource("team-a", "update", "", "configmaps", null, "web")),
                new ResourceCase("a review without a usable request.resource names no resource and keeps the kind's group",
                        request("rbac.authorization.k8s.io", "RoleBinding", null, null),
                        new AuditEvent.Resource("team-a", "update", "rbac.authorization.k8s.io", null, null, "web")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void namesThePluralResourceAskedFor(ResourceCase c) {
        AuditEvent event = AdmissionAudit.of(c.request(), new AdmissionDecision.Admit(List.of()), 5);

        assertEquals(c.expected(), event.resource());
    }
}
