package dev.clearance.authz;

import dev.clearance.testsupport.Vectors;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The SubjectAccessReview vectors of shared/vectors, posted as the API server sends them. Their users are not
 * platform identities, so clearance has no opinion on any of them; each is replayed in "platform form" (the same
 * request from oidc:-prefixed identities, dev-team as oidc:team-a) and gets clearance's own decision under the
 * test profile's static policy.
 */
@QuarkusTest
class SubjectAccessReviewGoldenTest {

    /** Every reason ends with the decision's UUIDv7, which the API server keeps in its audit annotation. */
    static final String DECISION_ID = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Vector → whether clearance allows it in platform form. */
    static final Map<String, Boolean> ALLOWED_IN_PLATFORM_FORM = Map.ofEntries(
            Map.entry("sar01-v1-get-pod.json", true),
            Map.entry("sar02-v1beta1-list-deployments-group-key.json", true),
            Map.entry("sar03-v1-nonresource-healthz.json", false),
            Map.entry("sar04-v1beta1-nonresource-metrics-denied-noopinion.json", false),
            Map.entry("sar05-v1-pods-log-subresource.json", true),
            Map.entry("sar06-v1-deployments-scale-update.json", true),
            Map.entry("sar08-v1-watch-pods-all-namespaces.json", false),
            Map.entry("sar09-v1-cluster-scoped-get-node.json", false),
            Map.entry("sar10-v1-impersonate-user.json", false),
            Map.entry("sar12-v1-serviceaccount-create-secret.json", false),
            Map.entry("sar13-v1-explicit-deny-delete-kube-system.json", false),
            Map.entry("sar16-v1-anonymous-version.json", false));

    @TestFactory
    Stream<DynamicTest> hasNoOpinionOnIdentitiesWithoutThePrefix() throws Exception {
        return Vectors.names("sar").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode status = post(Vectors.load(name).get("request")).get("status");

            assertFalse(status.get("allowed").asBoolean());
            assertFalse(status.has("denied"), "clearance never denies");
            assertTrue(status.get("reason").asText().contains("is not a platform identity"), status.toString());
            assertTrue(status.get("reason").asText().matches(".*; clearance decision " + DECISION_ID), status.toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> decidesThePlatformFormOfEachVector() throws Exception {
        return Vectors.names("sar").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ObjectNode request = Vectors.load(name).get("request").deepCopy();
            ObjectNode spec = (ObjectNode) request.get("spec");
            spec.put("user", platformUser(spec.get("user").asText()));
            String groupsKey = spec.has("group") ? "group" : "groups";
            ArrayNode groups = MAPPER.createArrayNode();
            spec.get(groupsKey).forEach(g -> groups.add(platformGroup(g.asText())));
            spec.set(groupsKey, groups);

            JsonNode status = post(request).get("status");

            assertEquals(ALLOWED_IN_PLATFORM_FORM.get(name), status.get("allowed").asBoolean(), status.toString());
            assertFalse(status.has("denied"));
            assertTrue(status.get("reason").asText().matches(".+; clearance decision " + DECISION_ID), status.toString());
        }));
    }

    @Test
    void everyVectorHasAnExpectation() throws Exception {
        assertEquals(new TreeSet<>(ALLOWED_IN_PLATFORM_FORM.keySet()), new TreeSet<>(Vectors.names("sar")));
    }

    static String platformUser(String user) {
        return user.endsWith("@example.com") ? "oidc:user:" + user.substring(0, user.indexOf('@')) : user;
    }

    static String platformGroup(String group) {
        if (group.startsWith("system:")) {
            return group;
        }
        return "oidc:" + (group.equals("dev-team") ? "team-a" : group);
    }

    static JsonNode post(JsonNode request) throws IOException {
        Response response = given().header("Content-Type", "application/json").queryParam("timeout", "30s")
                .body(MAPPER.writeValueAsString(request) + "\n").when().post("/authorize");
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"));
        JsonNode answer = MAPPER.readTree(response.asString());
        assertEquals(request.get("apiVersion").asText(), answer.get("apiVersion").asText());
        assertEquals("SubjectAccessReview", answer.get("kind").asText());
        assertTrue(answer.at("/status/allowed").isBoolean());
        assertFalse(answer.has("spec"));
        return answer;
    }

}
