package dev.clearance.devissuer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README demo: mint a token from the development issuer, review it, see the prefixed identity. */
@QuarkusTest
class DevIssuerTest {

    /** The test port may be moved with -Dquarkus.http.test-port (parallel runs). */
    static final String ISSUER = "http://localhost:" + System.getProperty("quarkus.http.test-port", "8081") + "/dev-issuer";

    @BeforeEach
    void devIssuerKeysAreFetched() {
        Awaitility.await("the development issuer's keys are fetched").atMost(Duration.ofSeconds(10))
                .until(() -> !given().get("/q/health/ready").asString().contains("\"dev\": \"no keys"));
    }

    static String mint(String... form) {
        var request = given().contentType(ContentType.URLENC).formParam("format", "raw");
        for (int i = 0; i < form.length; i += 2) {
            request.formParam(form[i], form[i + 1]);
        }
        return request.when().post("/dev-issuer/token").then().statusCode(200).extract().asString().trim();
    }

    static ValidatableResponse authenticate(String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token
                        + "\",\"audiences\":[\"https://kubernetes.default.svc.cluster.local\"]}}")
                .when().post("/authenticate").then().statusCode(200);
    }

    @Test
    void servesDiscoveryForItsOwnIssuer() {
        given().when().get("/dev-issuer/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("jwks_uri", equalTo(ISSUER + "/jwks"));
    }

    @Test
    void publishesOnlyPublicKeys() {
        given().when().get("/dev-issuer/jwks").then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys.kty", contains("RSA", "EC"))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys[0]", not(hasKey("d")))
                .body("keys[1]", not(hasKey("d")));
    }

    @ParameterizedTest
    @CsvSource({"RS256", "ES256"})
    void mintsPlatformShapedTokensThatClearanceAccepts(String alg) {
        String token = mint("user", "alice", "groups", "team-a,team-b", "alg", alg);

        authenticate(token)
                .body("status.authenticated", equalTo(true))
                .body("status.user.username", equalTo("oidc:user:alice"))
                .body("status.user.groups", contains("oidc:team-a", "oidc:team-b", "oidc:cluster-scope"))
                .body("status.user.extra.'clearance.dev/platform-host'", contains("localhost"));
    }

    @Test
    void mintsOrganisationAdmins() {
        authenticate(mint("user", "root", "admin", "true"))
                .body("status.user.groups", contains("oidc:cluster-scope", "oidc:cluster-admins"));
    }

    @Test
    void mintsForAnotherAudienceOnRequest() {
        authenticate(mint("user", "alice", "audience", "another-cluster"))
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("does not include this cluster"));
    }

    @Test
    void printsAnExecCredentialForKubectl() {
        given().contentType(ContentType.URLENC).formParam("user", "alice").formParam("format", "exec-credential")
                .when().post("/dev-issuer/token").then().statusCode(200)
                .body("apiVersion", equalTo("client.authentication.k8s.io/v1"))
                .body("kind", equalTo("ExecCredential"))
                .body("status.token", startsWith("eyJ"))
                .body("status.expirationTimestamp", startsWith("20"));
    }

    @Test
    void answersJsonByDefault() {
        given().contentType(ContentType.URLENC).formParam("user", "alice")
                .when().post("/dev-issuer/token").then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("$", hasKey("expiresAt"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user=|user is required",
        "user=Alice|user is required",
        "user=alice&groups=Team_A|is not a DNS label",
        "user=alice&alg=HS256|alg must be RS256 or ES256",
        "user=alice&ttl=0|ttl must be between",
        "user=alice&ttl=soon|ttl must be a number",
        "user=alice&format=yaml|format must be"})
    void refusesBadMintingRequests(String form, String message) {
        given().contentType(ContentType.URLENC).body(form)
                .when().post("/dev-issuer/token").then().statusCode(400)
                .body("message", containsString(message));
    }

    @Test
    void readinessListsTheDevIssuerKeys() {
        given().when().get("/q/health/ready").then().body("checks.data.dev", hasItem(startsWith("2 keys")));
    }
}
