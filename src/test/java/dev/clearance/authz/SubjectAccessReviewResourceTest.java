package dev.clearance.authz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SubjectAccessReview HTTP contract and the end-to-end path from a dev-issuer token. */
@QuarkusTest
class SubjectAccessReviewResourceTest {

    @jakarta.inject.Inject
    dev.clearance.audit.AuditLog audit;

    static String sar(String apiVersion, String user, List<String> groups, String attributes) {
        String groupsKey = apiVersion.endsWith("v1beta1") ? "group" : "groups";
        StringBuilder g = new StringBuilder("[");
        for (int i = 0; i < groups.size(); i++) {
            g.append(i == 0 ? "" : ",").append('"').append(groups.get(i)).append('"');
        }
        return "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"" + apiVersion + "\",\"metadata\":{},\"spec\":{" + attributes
                + ",\"user\":\"" + user + "\",\"" + groupsKey + "\":" + g.append(']') + "},\"status\":{\"allowed\":false}}";
    }

    @ParameterizedTest
    @CsvSource({"authorization.k8s.io/v1", "authorization.k8s.io/v1beta1"})
    void allowsAGroupMemberInItsNamespaceInBothVersions(String apiVersion) {
        given().contentType(ContentType.JSON)
                .body(sar(apiVersion, "oidc:user:alice", List.of("oidc:team-a", "system:authenticated"),
                        "\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"update\",\"group\":\"apps\",\"resource\":\"deployments\"}"))
                .when().post("/authorize")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo(apiVersion))
                .body("kind", equalTo("SubjectAccessReview"))
                .body("status.allowed", equalTo(true))
                .body("status", not(hasKey("denied")))
                .body("status.reason", matchesPattern("oidc:user:alice may update deployments in team-a \\(role deployer via "
                        + "oidc:team-a\\); clearance decision " + UUID_V7));
    }

    static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void theReasonEndsWithTheIdOfTheDecisionsAuditEvent() {
        String reason = given().contentType(ContentType.JSON)
                .body(sar("authorization.k8s.io/v1", "oidc:user:reason-id", List.of("oidc:team-a"),
                        "\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"get\",\"resource\":\"pods\"}"))
                .when().post("/authorize").then().statusCode(200).extract().path("status.reason");
        String id = reason.substring(reason.lastIndexOf(' ') + 1);

        List<dev.clearance.audit.AuditEvent> events = audit.query(e -> id.equals(e.decisionId()), 10);
        assertEquals(1, events.size(), reason);
        assertEquals("authz", events.get(0).kind().wire());
        assertEquals("oidc:user:reason-id", events.get(0).user().username());
        assertEquals(events.get(0).message() + "; clearance decision " + id, reason);
    }

    @Test
    void hasNoOpinionOutsideTheGrants() {
        given().contentType(ContentType.JSON)
                .body(sar("authorization.k8s.io/v1", "oidc:user:alice", List.of("oidc:team-a"),
                        "\"resourceAttributes\":{\"namespace\":\"team-b\",\"verb\":\"get\",\"resource\":\"pods\"}"))
                .when().post("/authorize")
                .then().statusCode(200)
                .body("status.allowed", equalTo(false))
                .body("status", not(hasKey("denied")))
                .body("status.reason", containsString("no grant in namespace team-b"));
    }

    @Test
    void hasNoOpinionOnAReviewWithoutAttributes() {
        given().contentType(ContentType.JSON)
                .body("{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"user\":\"oidc:user:a\"}}")
                .when().post("/authorize")
                .then().statusCode(200).body("status.allowed", equalTo(false));
    }

    /** A fuzzer's find: resourceAttributes without a namespace on the static namespace source (the test profile's). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no namespace at all|authorization.k8s.io/v1|{\"verb\":\"get\",\"resource\":\"pods\"}",
        "namespace null|authorization.k8s.io/v1|{\"namespace\":null,\"verb\":\"get\",\"resource\":\"pods\"}",
        "namespace object by name, no namespace|authorization.k8s.io/v1|{\"verb\":\"get\",\"resource\":\"namespaces\",\"name\":\"team-a\"}",
        "namespace subresource by name, no namespace|authorization.k8s.io/v1|{\"verb\":\"update\",\"resource\":\"namespaces\",\"subresource\":\"finalize\",\"name\":\"team-a\"}",
        "empty resource attributes|authorization.k8s.io/v1|{}",
        "no namespace, v1beta1|authorization.k8s.io/v1beta1|{\"verb\":\"create\",\"group\":\"rbac.authorization.k8s.io\",\"resource\":\"roles\"}"})
    void answersAReviewWithoutANamespaceWithADecision(String name, String apiVersion, String attributes) {
        given().contentType(ContentType.JSON)
                .body(sar(apiVersion, "oidc:user:alice", List.of("oidc:team-a"), "\"resourceAttributes\":" + attributes))
                .when().post("/authorize")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo(apiVersion))
                .body("status.allowed", equalTo(false))
                .body("status", not(hasKey("denied")))
                .body("status.reason", not(equalTo("")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v2\",\"spec\":{}}|apiVersion",
        "{\"kind\":\"TokenReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{}}|kind",
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\"}|spec",
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"groups\":\"a\"}}|spec.groups",
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":{},\"nonResourceAttributes\":{}}}|both",
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":{\"verb\":1}}}|verb",
        "not json|not valid JSON"})
    void answersMalformedReviewsWith400(String body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/authorize")
                .then().statusCode(400)
                .body("details.causes[0].reason", equalTo("request_invalid"))
                .body("message", containsString(message));
    }

    @Test
    void aDevIssuerTokenReviewedThenAuthorized() {
        String token = given().contentType(ContentType.URLENC).formParam("user", "alice").formParam("groups", "team-a")
                .formParam("format", "raw").when().post("/dev-issuer/token").then().statusCode(200).extract().asString().trim();
        awaitDevIssuerKeys();
        var identity = given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}")
                .when().post("/authenticate").then().statusCode(200).body("status.authenticated", equalTo(true)).extract().jsonPath();
        List<String> groups = new java.util.ArrayList<>(identity.getList("status.user.groups", String.class));
        groups.add("system:authenticated");

        given().contentType(ContentType.JSON)
                .body(sar("authorization.k8s.io/v1", identity.getString("status.user.username"), groups,
                        "\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"create\",\"resource\":\"pods\",\"subresource\":\"exec\"}"))
                .when().post("/authorize")
                .then().statusCode(200).body("status.allowed", equalTo(true));
        given().contentType(ContentType.JSON)
                .body(sar("authorization.k8s.io/v1beta1", identity.getString("status.user.username"), groups,
                        "\"resourceAttributes\":{\"verb\":\"list\",\"resource\":\"namespaces\"}"))
                .when().post("/authorize")
                .then().statusCode(200).body("status.allowed", equalTo(true))
                .body("status.reason", containsString("oidc:cluster-scope"));
    }

    static void awaitDevIssuerKeys() {
        Awaitility.await("the development issuer's keys are fetched").atMost(Duration.ofSeconds(10))
                .until(() -> !given().get("/q/health/ready").asString().contains("\"dev\": \"no keys"));
    }
}
