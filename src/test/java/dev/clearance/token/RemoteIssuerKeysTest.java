package dev.clearance.token;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clearance.testsupport.JwksServerControl;
import dev.clearance.testsupport.TestKeys;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keys fetched over HTTPS through discovery from a local issuer trusted by {@code ca-file}: rotation, unknown kid,
 * outage with last good keys, the refetch rate limit, and an issuer that never answered.
 */
@QuarkusTest
class RemoteIssuerKeysTest {

    static ValidatableResponse authenticate(String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}")
                .when().post("/authenticate").then();
    }

    static String tokenFor(String issuer, TestKeys.TestKey key) {
        return TestTokens.now().claim("iss", JwksServerControl.issuerUrl(issuer)).signedBy(key, "RS256")
                .claim("jti", java.util.UUID.randomUUID().toString()).sign();
    }

    static void awaitKeys(String issuer) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !given().when().get("/q/health/ready").then().extract().asString()
                .contains("\"" + issuer + "\": \"no keys"));
    }

    @Test
    void picksUpARotatedKeyThroughAnUnknownKid() {
        awaitKeys("rotating");
        authenticate(tokenFor("rotating", TestKeys.RSA_1)).statusCode(200).body("status.authenticated", equalTo(true));

        JwksServerControl.serveKeys("rotating", "rsa-2");

        // refetched once jwks-min-refresh-interval (500ms) has passed since the last fetch
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                authenticate(tokenFor("rotating", TestKeys.RSA_2)).statusCode(200).body("status.authenticated", equalTo(true)));
        authenticate(tokenFor("rotating", TestKeys.RSA_1)).statusCode(200)
                .body("status.authenticated", equalTo(false))
                .body("status.error", containsString("no key with kid \"rsa-1\""));
    }

    @Test
    void keepsUsingTheLastGoodKeysDuringAnOutage() {
        awaitKeys("outage");
        JwksServerControl.outage("outage", true);
        try {
            // the unknown kid forces a refetch once jwks-min-refresh-interval has passed, and that refetch fails
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                authenticate(tokenFor("outage", TestKeys.RSA_2)).statusCode(200).body("status.authenticated", equalTo(false));
                given().when().get("/q/health/ready").then()
                        .body(containsString("last refresh failed: GET " + JwksServerControl.issuerUrl("outage")));
            });

            authenticate(tokenFor("outage", TestKeys.RSA_1)).statusCode(200).body("status.authenticated", equalTo(true));
        } finally {
            JwksServerControl.outage("outage", false);
        }
    }

    @Test
    void refetchesForUnknownKidsAtMostOncePerMinimumInterval() {
        awaitKeys("ratelimit");
        int before = JwksServerControl.fetches("ratelimit");

        for (int i = 0; i < 5; i++) {
            authenticate(tokenFor("ratelimit", TestKeys.RSA_2)).statusCode(200)
                    .body("status.error", containsString("no key with kid"));
        }

        assertEquals(before, JwksServerControl.fetches("ratelimit"), "jwks-min-refresh-interval is 1h for this issuer");
    }

    @Test
    void answers503WhileAnIssuerHasNeverHadKeys() {
        authenticate(tokenFor("dead", TestKeys.RSA_1)).statusCode(503)
                .body("kind", equalTo("Status"))
                .body("code", equalTo(503))
                .body("details.causes[0].reason", equalTo("jwks_unavailable"))
                .body("message", containsString("no signing keys could be fetched yet for issuer dead"));
    }

    @Test
    void readinessNamesTheIssuerWithoutKeys() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body(containsString("\"dead\": \"no keys yet from discovery " + JwksServerControl.issuerUrl("dead")))
                .body(containsString("answered HTTP 503"))
                .body(containsString("\"static\": \"3 keys"));
    }

    /** native-crypto defaults to true and ACCP loads on linux-x86_64: readiness and the metric say it verifies. */
    @Test
    void readinessAndTheMetricNameTheNativeSignatureProvider() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body(containsString("\"signatures\": \"RSA, RSASSA-PSS, ECDSA, EdDSA: AmazonCorrettoCryptoProvider\"")));

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String family : List.of("RSA", "RSASSA-PSS", "ECDSA", "EdDSA")) {
            assertTrue(metrics.contains("clearance_authn_signature_provider_info{family=\"" + family
                    + "\",provider=\"AmazonCorrettoCryptoProvider\"} 1.0"), family + " in\n" + metrics);
        }
    }

    @Test
    void livenessDoesNotDependOnIssuers() {
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
