package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.policy.AuthzDecision;
import dev.clearance.policy.AuthzReason;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of SubjectAccessReview answer ends its reason with the decision id, after the decision's own message. */
class SubjectAccessReviewReasonTest {

    static final String ID = "019ad6a2-1f00-7000-8000-000000000001";

    record Case(String name, AuthzDecision decision, boolean allowed, Boolean denied, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an allow", new AuthzDecision.Allow(AuthzReason.NAMESPACE_GRANT, "alice may get pods in team-a"), true, null,
                        "alice may get pods in team-a; clearance decision " + ID),
                new Case("a deny", new AuthzDecision.Deny(AuthzReason.NO_GRANT, "never in kube-system"), false, true,
                        "never in kube-system; clearance decision " + ID),
                new Case("no opinion", new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, "RBAC decides"), false, null,
                        "RBAC decides; clearance decision " + ID),
                new Case("an empty message leaves the id alone", new AuthzDecision.NoOpinion(AuthzReason.NO_GRANT, ""), false, null,
                        "clearance decision " + ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theReasonEndsWithTheDecisionId(Case c) {
        SubjectAccessReviewResponse response = SubjectAccessReviewCodec.write("authorization.k8s.io/v1", c.decision(), ID);

        assertEquals(c.allowed(), response.status().allowed());
        assertEquals(c.denied(), response.status().denied());
        assertEquals(c.reason(), response.status().reason());
    }
}
