package dev.clearance.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditLog;
import dev.clearance.audit.TestAuditLogs;
import dev.clearance.common.ReviewJson;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.NamespacePolicy;
import dev.clearance.policy.PolicySettings;
import dev.clearance.policy.Role;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A policy that throws is a bug: the answer is still 200 with no opinion (RBAC decides), and it is audited. */
class DecisionFailureTest {

    static final String REVIEW = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{"
            + "\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:team-a\"],\"resourceAttributes\":{\"namespace\":\"team-a\","
            + "\"verb\":\"get\",\"resource\":\"pods\"}}}";

    @Test
    void aFailingPolicyGivesNoOpinionNotA500() {
        NamespaceDirectory broken = new NamespaceDirectory() {
            @Override
            public boolean synced() {
                return true;
            }

            @Override
            public Optional<NamespacePolicy> find(String namespace) {
                throw new IllegalStateException("bug");
            }
        };
        AuditLog audit = TestAuditLogs.inMemory();
        SubjectAccessReviewResource resource = new SubjectAccessReviewResource(new SubjectAccessReviewCodec(new ReviewJson(new ObjectMapper())),
                new AccessPolicy(new PolicySettings("oidc:", Set.of("cluster-admins"), "cluster-scope", Role.DEPLOYER), broken), audit);

        Response response = resource.review(REVIEW.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.getStatus());
        SubjectAccessReviewResponse body = (SubjectAccessReviewResponse) response.getEntity();
        assertFalse(body.status().allowed());
        assertNull(body.status().denied(), "no opinion, never a denial");
        List<AuditEvent> events = TestAuditLogs.events(audit);
        assertEquals(1, events.size());
        assertEquals("internal_error", events.get(0).reason().code());
    }
}
