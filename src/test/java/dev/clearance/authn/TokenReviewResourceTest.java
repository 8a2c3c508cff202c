package dev.clearance.authn;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.clearance.testsupport.TestIssuersResource;
import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TokenReview HTTP contract, as kube-apiserver sees it. */
@QuarkusTest
class TokenReviewResourceTest {

    static final String API = TestIssuersResource.API_AUDIENCE;

    @jakarta.inject.Inject
    dev.clearance.audit.AuditLog audit;

    static String review(String apiVersion, String token, List<String> audiences) {
        StringBuilder body = new StringBuilder("{\"kind\":\"TokenReview\",\"apiVersion\":\"").append(apiVersion)
                .append("\",\"metadata\":{},\"spec\":{\"token\":\"").append(token).append('"');
        if (audiences != null) {
            body.append(",\"audiences\":[");
            for (int i = 0; i < audiences.size(); i++) {
                body.append(i == 0 ? "" : ",").append('"').append(audiences.get(i)).append('"');
            }
            body.append(']');
        }
        return body.append("},\"status\":{\"user\":{}}}\n").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"})
    void authenticatesAPlatformTokenAndEchoesTheApiVersion(String apiVersion) {
        String token = TestTokens.now().claim("jti", "j-7").sign();

        given().contentType(ContentType.JSON).queryParam("timeout", "30s")
                .body(review(apiVersion, token, List.of(API)))
                .when().post("/authenticate")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo(apiVersion))
                .body("kind", equalTo("TokenReview"))
                .body("status.authenticated", equalTo(true))
                .body("status.user.username", equalTo("oidc:user:alice"))
                .body("status.user.groups", contains("oidc:team-a", "oidc:cluster-scope"))
                .body("status.user.extra.'clearance.dev/platform-host'", contains("platform.test.example"))
                .body("status.user.extra.'authentication.kubernetes.io/credential-id'", contains("JTI=j-7"))
                .body("status.audiences", contains(API))
                .body("status", not(hasKey("error")))
                .body("$", not(hasKey("spec")));
    }

    @Test
    void theIdentityNamesTheDecisionThatAuthenticatedItEvenFromTheCache() {
        String token = TestTokens.now().claim("jti", "j-decision-id").sign();
        String first = given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", token, List.of(API)))
                .when().post("/authenticate").then().statusCode(200)
                .extract().path("status.user.extra.'clearance.dev/decision-id'[0]");
        String again = given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", token, List.of(API)))
                .when().post("/authenticate").then().statusCode(200)
                .extract().path("status.user.extra.'clearance.dev/decision-id'[0]");

        List<dev.clearance.audit.AuditEvent> events = audit.query(e -> e.token() != null && "j-decision-id".equals(e.token().jti()), 10);
        org.junit.jupiter.api.Assertions.assertEquals(2, events.size());
        dev.clearance.audit.AuditEvent hit = events.get(0);
        dev.clearance.audit.AuditEvent fresh = events.get(1);
        org.junit.jupiter.api.Assertions.assertEquals(fresh.decisionId(), first, "the extra names the deciding event");
        org.junit.jupiter.api.Assertions.assertEquals(first, again, "a hit returns the cached decision, extra and all");
        org.junit.jupiter.api.Assertions.assertTrue(hit.cached());
        org.junit.jupiter.api.Assertions.assertNotEquals(first, hit.decisionId(), "the hit's event has an id of its own");
        org.junit.jupiter.api.Assertions.assertEquals(first, hit.admittedBy());
    }

    @Test
    void authenticatesWithoutAudiencesWhenNoneAreRequested() {
        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", TestTokens.now().sign(), null))
                .when().post("/authenticate")
                .then().statusCode(200)
                .body("status.authenticated", equalTo(true))
                .body("status", not(hasKey("audiences")));
    }

    @Test
    void refusesAnotherAudienceWithHttp200AndAReason() {
        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", TestTokens.now().sign(), List.of("vault")))
                .when().post("/authenticate")
                .then().statusCode(200)
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("audiences"))
                .body("status", not(hasKey("user")));
    }

    @Test
    void refusesAnExpiredTokenWithoutEchoingIt() {
        String token = TestTokens.at(java.time.Instant.now().minusSeconds(3600)).sign();

        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1beta1", token, List.of(API)))
                .when().post("/authenticate")
                .then().statusCode(200)
                .body("apiVersion", equalTo("authentication.k8s.io/v1beta1"))
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("expired"))
                .body(not(containsString(token.split("\\.")[2])))
                .body(not(containsString(token.split("\\.")[1])));
    }

    @Test
    void verifiesEs256AndEdDsaFromTheJwksFile() {
        for (String token : List.of(TestTokens.now().signedBy(TestKeys.EC_P256, "ES256").sign(),
                TestTokens.now().signedBy(TestKeys.ED25519, "EdDSA").sign())) {
            given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", token, List.of(API)))
                    .when().post("/authenticate")
                    .then().statusCode(200).body("status.authenticated", equalTo(true));
        }
    }

    @Test
    void answersMalformedReviewsWith400AndAMessage() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"authentication.k8s.io/v2\",\"kind\":\"TokenReview\"}")
                .when().post("/authenticate")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("kind", equalTo("Status"))
                .body("code", equalTo(400))
                .body("message", containsString("apiVersion"))
                .body("details.causes[0].reason", equalTo("request_invalid"));
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}")
                .when().post("/authenticate")
                .then().statusCode(400).body("message", containsString("spec.token"));
        given().contentType(ContentType.JSON).body("not json")
                .when().post("/authenticate")
                .then().statusCode(400).body("message", containsString("not valid JSON"));
    }

    @Test
    void acceptsABodyWithoutContentType() {
        given().body(review("authentication.k8s.io/v1", TestTokens.now().sign(), List.of(API)).getBytes())
                .when().post("/authenticate")
                .then().statusCode(200).body("status.authenticated", equalTo(true));
    }

    @Test
    void refusesBodiesOverOneMebibyteWith413() {
        String padding = "x".repeat(1024 * 1024 + 1);

        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", padding, List.of(API)))
                .when().post("/authenticate")
                .then().statusCode(413);
    }

    @Test
    void refusesTokensOverMaxTokenBytesBeforeParsing() {
        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", "a".repeat(20_000), List.of(API)))
                .when().post("/authenticate")
                .then().statusCode(200)
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("max-token-bytes"));
    }

    @Test
    void onlyAcceptsPost() {
        given().when().get("/authenticate").then().statusCode(405).body(not(containsString("Exception")));
    }

    @Test
    void neverPrefixesIntoSystemGroups() {
        String token = TestTokens.now().claim("groups", List.of("system:masters")).claim("sub", "system:admin").sign();

        given().contentType(ContentType.JSON).body(review("authentication.k8s.io/v1", token, List.of(API)))
                .when().post("/authenticate")
                .then().statusCode(200)
                .body("status.user.username", equalTo("oidc:system:admin"))
                .body("status.user.groups", contains("oidc:system:masters"))
                .body("status.user.uid", nullValue());
    }
}
