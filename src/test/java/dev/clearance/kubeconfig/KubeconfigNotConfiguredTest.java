package dev.clearance.kubeconfig;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The test profile has the development issuer but no proxy and no {@code clearance.kubeconfig.server}: nothing to
 * point a kubeconfig at, so {@code GET /kubeconfig} is a 404 Status saying what to set.
 */
@QuarkusTest
class KubeconfigNotConfiguredTest {

    @Test
    void withoutAServerTheAnswerIsA404StatusNamingTheProperty() {
        given().when().get("/kubeconfig").then().statusCode(404)
                .contentType("application/json")
                .body("kind", equalTo("Status"))
                .body("code", equalTo(404))
                .body("reason", equalTo("NotFound"))
                .body("details.causes[0].reason", equalTo("kubeconfig_not_configured"))
                .body("message", containsString("clearance.kubeconfig.server"));
    }
}
