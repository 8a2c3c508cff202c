package dev.clearance.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditLog;
import dev.clearance.audit.Outcome;
import dev.clearance.audit.TestAuditLogs;
import dev.clearance.common.ReviewJson;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code request.resource} is read for the audit event only: whatever shape it has, the rules (which decide on the
 * kind) judge the review the same, and a missing or malformed one leaves the event without a resource.
 */
class RequestResourceTest {

    static final ReviewJson JSON = new ReviewJson(new ObjectMapper());

    /** A ConfigMap creation; {@code resource} is the JSON of {@code request.resource}, or null to leave it out. */
    static String review(String resource) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
                + (resource == null ? "" : "\"resource\":" + resource + ",")
                + "\"namespace\":\"team-a\",\"name\":\"c\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"oidc:user:alice\"},"
                + "\"object\":{}}}";
    }

    record Case(String name, String resource, AdmissionRequest.GroupVersionResource expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("group, version and resource are read", "{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"}",
                        new AdmissionRequest.GroupVersionResource("apps", "v1", "deployments")),
                new Case("the core group is empty", "{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"}",
                        new AdmissionRequest.GroupVersionResource("", "v1", "configmaps")),
                new Case("a group and version left out or null are empty", "{\"group\":null,\"resource\":\"configmaps\"}",
                        new AdmissionRequest.GroupVersionResource("", "", "configmaps")),
                new Case("no request.resource at all", null, null),
                new Case("request.resource null", "null", null),
                new Case("request.resource a string", "\"configmaps\"", null),
                new Case("request.resource an array", "[\"configmaps\"]", null),
                new Case("no resource inside it", "{\"group\":\"\",\"version\":\"v1\"}", null),
                new Case("an empty resource", "{\"group\":\"\",\"version\":\"v1\",\"resource\":\"\"}", null),
                new Case("a resource that is a number", "{\"group\":\"\",\"version\":\"v1\",\"resource\":7}", null),
                new Case("a group that is a number", "{\"group\":1,\"version\":\"v1\",\"resource\":\"configmaps\"}", null),
                new Case("a version that is an object", "{\"group\":\"\",\"version\":{},\"resource\":\"configmaps\"}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsRequestResourceOrNothing(Case c) throws Exception {
        AdmissionRequest request = new AdmissionReviewCodec(JSON).read(review(c.resource()).getBytes(StandardCharsets.UTF_8)).request();

        assertEquals(c.expected(), request.resource());
        assertEquals("ConfigMap", request.kind(), "the kind the rules decide on is read as before");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheReviewTheSameAndAuditsWhatWasRead(Case c) {
        AuditLog audit = TestAuditLogs.inMemory();
        Map<AdmissionRule, RuleMode> rules = new LinkedHashMap<>();
        rules.put(new NoConfigMaps(), RuleMode.ENFORCE);
        AdmissionResource resource = new AdmissionResource(new AdmissionReviewCodec(JSON), new AdmissionPolicy(rules), audit);

        Response response = resource.review(review(c.resource()).getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.getStatus());
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) response.getEntity()).get("response");
        assertEquals(false, answer.get("allowed"), "refused by the kind, whatever request.resource says");
        List<AuditEvent> events = TestAuditLogs.events(audit);
        assertEquals(1, events.size());
        AuditEvent event = events.get(0);
        assertEquals(Outcome.DENY, event.decision());
        assertEquals("prefix_spoofing", event.reason().code());
        assertEquals(c.expected() == null ? null : c.expected().resource(), event.resource().resource());
        assertEquals(c.expected() == null ? "" : c.expected().group(), event.resource().group());
        assertEquals("create", event.resource().verb());
    }

    /** Refuses every ConfigMap, by kind. */
    static final class NoConfigMaps implements AdmissionRule {
        @Override
        public String name() {
            return "no-configmaps";
        }

        @Override
        public Optional<Violation> check(AdmissionRequest request) {
            return request.is("", "ConfigMap") ? Optional.of(new Violation(AdmissionReason.PREFIX_SPOOFING, "no ConfigMaps"))
                    : Optional.empty();
        }
    }
}
