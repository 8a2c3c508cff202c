package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditLog;
import dev.clearance.audit.TestAuditLogs;
import dev.clearance.common.ReviewJson;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rule that throws is a bug: the request is refused with a sentence (fail closed), never a 500, and audited. */
class RuleFailureTest {

    static final String REVIEW = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-7\","
            + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},\"namespace\":\"team-a\",\"name\":\"c\","
            + "\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"oidc:user:alice\"},\"object\":{}}}";

    @Test
    void aFailingRuleRefusesTheRequestInsteadOfA500() {
        AdmissionRule broken = new AdmissionRule() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Optional<Violation> check(AdmissionRequest request) {
                throw new NullPointerException("bug");
            }
        };
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(broken, RuleMode.ENFORCE);
        AuditLog audit = TestAuditLogs.inMemory();
        AdmissionResource resource = new AdmissionResource(new AdmissionReviewCodec(new ReviewJson(new ObjectMapper())),
                new AdmissionPolicy(rules), audit);

        Response response = resource.review(REVIEW.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.getStatus());
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) response.getEntity()).get("response");
        assertEquals("u-7", answer.get("uid"));
        assertEquals(false, answer.get("allowed"));
        assertTrue(String.valueOf(answer.get("status")).contains("internal_error"), String.valueOf(answer));
        List<AuditEvent> events = TestAuditLogs.events(audit);
        assertEquals(1, events.size());
        assertEquals("internal_error", events.get(0).reason().code());
    }
}
