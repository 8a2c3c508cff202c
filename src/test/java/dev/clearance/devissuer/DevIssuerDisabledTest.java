package dev.clearance.devissuer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outside the dev and demo profiles the development issuer does not exist. */
@QuarkusTest
@TestProfile(DevIssuerDisabledTest.Disabled.class)
class DevIssuerDisabledTest {

    public static final class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clearance.dev-issuer.enabled", "false");
        }
    }

    @Test
    void answers404OnEveryDevIssuerPath() {
        given().when().get("/dev-issuer/.well-known/openid-configuration").then().statusCode(404)
                .body(containsString("development issuer is disabled"));
        given().when().get("/dev-issuer/jwks").then().statusCode(404);
        given().formParam("user", "alice").when().post("/dev-issuer/token").then().statusCode(404);
    }
}
