package dev.clearance.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.clearance.testsupport.TestTokens;
import dev.clearance.token.Fingerprint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /audit/events: admins only, filters, and the events the webhooks wrote. */
@QuarkusTest
class AuditQueryResourceTest {

    static final String ADMIN = TestTokens.now().claim("sub", "user:root").claim("groups", List.of("cluster-admins")).sign();

    static void authenticate(String token) {
        given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}")
                .when().post("/authenticate").then().statusCode(200);
    }

    @Test
    void refusesCallersWithoutAToken() {
        given().when().get("/audit/events").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("message", containsString("Authorization: Bearer"));
    }

    @Test
    void refusesAnInvalidToken() {
        given().header("Authorization", "Bearer not-a-token").when().get("/audit/events").then().statusCode(401)
                .body("message", containsString("token refused"));
    }

    @Test
    void refusesPlatformUsersOutsideTheAdminGroups() {
        given().auth().oauth2(TestTokens.now().sign()).when().get("/audit/events").then().statusCode(403)
                .body("message", containsString("oidc:user:alice is not in an admin group"));
    }

    @Test
    void refusesBadParameters() {
        given().auth().oauth2(ADMIN).queryParam("since", "yesterday").when().get("/audit/events").then().statusCode(400);
        given().auth().oauth2(ADMIN).queryParam("limit", "5000").when().get("/audit/events").then().statusCode(400);
    }

    @Test
    void findsATokensDecisionsByFingerprintNewestFirstWithCacheHits() {
        String token = TestTokens.now().claim("sub", "user:audited").claim("jti", "jti-audit-1").sign();
        String fingerprint = Fingerprint.of(token);
        authenticate(token);
        authenticate(token);

        given().auth().oauth2(ADMIN).queryParam("fingerprint", fingerprint).when().get("/audit/events").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.kind", everyItem(equalTo("authn")))
                .body("items.decision", everyItem(equalTo("allow")))
                .body("items.reason", everyItem(equalTo("authenticated")))
                .body("items.cached", equalTo(List.of(true, false)))
                .body("items[0].token.jti", equalTo("jti-audit-1"))
                .body("items[0].token.sub", equalTo("user:audited"))
                .body("items[0].user.username", equalTo("oidc:user:audited"))
                .body("items[0].issuer", equalTo(TestTokens.ISSUER))
                .body(not(containsString(token.split("\\.")[2])));
    }

    @Test
    void filtersByKindDecisionUserReasonAndSince() {
        Instant since = Instant.now();
        authenticate(TestTokens.now().claim("aud", "elsewhere").sign());
        given().contentType(ContentType.JSON).body("{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"spec\":{\"user\":\"oidc:user:filter\",\"groups\":[\"oidc:team-a\"],\"resourceAttributes\":{\"namespace\":\"team-a\","
                + "\"verb\":\"get\",\"resource\":\"pods\"}}}").when().post("/authorize").then().statusCode(200);

        given().auth().oauth2(ADMIN).queryParam("since", since.toString()).queryParam("kind", "authn")
                .queryParam("decision", "deny").queryParam("reason", "audience_mismatch")
                .when().get("/audit/events").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].message", containsString("does not include this cluster"));
        given().auth().oauth2(ADMIN).queryParam("since", since.toString()).queryParam("user", "oidc:user:filter")
                .when().get("/audit/events").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].kind", equalTo("authz"))
                .body("items[0].decision", equalTo("allow"))
                .body("items[0].resource.namespace", equalTo("team-a"))
                .body("items[0].resource.verb", equalTo("get"));
    }

    @Test
    void findsADecisionByItsIdAndATokensDecisionsByCredentialId() {
        String token = TestTokens.now().claim("sub", "user:joined").claim("jti", "jti-join-1").sign();
        authenticate(token);
        authenticate(token);
        List<String> ids = given().auth().oauth2(ADMIN).queryParam("credentialId", "JTI=jti-join-1").when().get("/audit/events")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.token.jti", everyItem(equalTo("jti-join-1")))
                .body("items.cached", equalTo(List.of(true, false)))
                .extract().jsonPath().getList("items.decisionId", String.class);
        String first = ids.get(1);

        given().auth().oauth2(ADMIN).queryParam("decisionId", ids.get(0)).when().get("/audit/events").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].admittedBy", equalTo(first));
        given().auth().oauth2(ADMIN).queryParam("decisionId", first).when().get("/audit/events").then().statusCode(200)
                .body("items.decisionId", equalTo(ids));
        given().auth().oauth2(ADMIN).queryParam("credentialId", "jti-join-1").when().get("/audit/events").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(ADMIN).queryParam("decisionId", "x".repeat(AuditQueryResource.MAX_FILTER + 1)).when()
                .get("/audit/events").then().statusCode(400);
    }

    @Test
    void answersAnUnknownKindOrDecisionWithNoEventsRatherThanAnError() {
        authenticate(TestTokens.now().sign());

        given().auth().oauth2(ADMIN).queryParam("kind", "AUTHN").when().get("/audit/events").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(ADMIN).queryParam("decision", "no_opinion").when().get("/audit/events").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void exposesDecisionAndCacheMetrics() {
        authenticate(TestTokens.now().sign());

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("clearance_decisions_total{decision=\"allow\",reason=\"authenticated\",webhook=\"authn\"}"))
                .body(containsString("clearance_decision_latency_seconds_bucket{webhook=\"authn\""))
                .body(containsString("clearance_verdict_cache_total{result=\"miss\"}"))
                .body(containsString("clearance_jwks_fetches_total{issuer=\"static\",outcome=\"success\"}"))
                .body(containsString("clearance_jwks_key_set_age_seconds{issuer=\"static\"}"))
                .body(containsString("clearance_audit_events_total{outcome=\"written\"}"));
    }
}
