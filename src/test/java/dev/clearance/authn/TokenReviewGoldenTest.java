package dev.clearance.authn;

import dev.clearance.testsupport.Vectors;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clearance.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The TokenReview vectors of shared/vectors (copied to src/test/resources/vectors), posted exactly as the API
 * server sends them. Wire checks always apply; the decision is clearance's own (the vectors' opaque tokens are
 * not JWTs). Vectors whose example policy accepts the token are replayed with a valid platform token put in its
 * place, and the accepted answer is checked against the same "must" list.
 */
@QuarkusTest
class TokenReviewGoldenTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** What clearance answers for each vector's own token, and whether the vector describes an accepted token. */
    record Expectation(String errorPart, boolean acceptedInVector) {}

    static final Map<String, Expectation> EXPECTED = Map.of(
            "tr01-v1-valid-opaque-token-api-audience.json", new Expectation("not a JWT", true),
            "tr02-v1beta1-valid-opaque-token.json", new Expectation("not a JWT", true),
            "tr03-v1-garbage-token.json", new Expectation("not a JWT", false),
            "tr04-v1beta1-expired-jwt.json", new Expectation("token issuer \"https://idp.acme.example\" is not trusted", false),
            "tr05-v1-no-audiences.json", new Expectation("not a JWT", true),
            "tr08-v1-audience-mismatch.json", new Expectation("token issuer \"https://idp.acme.example\" is not trusted", false),
            "tr10-v1-expired-serviceaccount-token-fallthrough.json",
            new Expectation("token issuer \"https://kubernetes.default.svc.cluster.local\" is not trusted", false),
            "tr11-v1beta1-user-with-uid-groups-extra.json", new Expectation("not a JWT", true));

    @TestFactory
    Stream<DynamicTest> answersEachVectorsOwnToken() throws Exception {
        return Vectors.names("tr").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode vector = Vectors.load(name);
            JsonNode answer = post(vector.get("request"));

            assertEquals(false, answer.at("/status/authenticated").asBoolean(true), name);
            String error = answer.at("/status/error").asText();
            assertTrue(error.contains(EXPECTED.get(name).errorPart()), name + ": " + error);
            assertFalse(answer.at("/status").has("user"), "no user info on a refusal");
            assertNoTokenEchoed(vector.at("/request/spec/token").asText(), answer);
        }));
    }

    @TestFactory
    Stream<DynamicTest> acceptsAValidPlatformTokenInPlaceOfTheVectorsOwn() throws Exception {
        return Vectors.names("tr").stream().filter(n -> EXPECTED.get(n).acceptedInVector()).map(name -> DynamicTest.dynamicTest(name, () -> {
            ObjectNode request = (ObjectNode) Vectors.load(name).get("request").deepCopy();
            String token = TestTokens.now().claim("jti", "golden").sign();
            ((ObjectNode) request.get("spec")).put("token", token);
            JsonNode answer = post(request);

            JsonNode status = answer.get("status");
            assertTrue(status.get("authenticated").asBoolean(), name);
            assertFalse(status.has("error"));
            assertFalse(status.at("/user/username").asText().isEmpty());
            for (JsonNode group : status.at("/user/groups")) {
                assertTrue(group.isTextual());
                assertFalse(group.asText().equals("system:authenticated"), "the API server adds system:authenticated itself");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = status.at("/user/extra").fields(); it.hasNext(); ) {
                JsonNode values = it.next().getValue();
                assertTrue(values.isArray(), "every extra value is an array of strings");
                values.forEach(v -> assertTrue(v.isTextual()));
            }
            JsonNode requested = request.at("/spec/audiences");
            if (status.has("audiences")) {
                assertTrue(requested.isArray() && !requested.isEmpty(), "audiences answered only when asked");
                List<String> asked = new ArrayList<>();
                requested.forEach(a -> asked.add(a.asText()));
                assertFalse(status.get("audiences").isEmpty());
                status.get("audiences").forEach(a -> assertTrue(asked.contains(a.asText()), "a subset of spec.audiences"));
            }
            assertNoTokenEchoed(token, answer);
        }));
    }

    @Test
    void everyVectorHasAnExpectation() throws Exception {
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(Vectors.names("tr")), "a new tr* vector needs an expectation here");
    }

    /** Posts {@code request} compact and newline-terminated, as Go's encoder does, and checks the wire rules. */
    static JsonNode post(JsonNode request) throws IOException {
        Response response = given().header("Content-Type", "application/json").header("Accept", "application/json, */*")
                .queryParam("timeout", "30s")
                .body(MAPPER.writeValueAsString(request) + "\n")
                .when().post("/authenticate");
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"));
        JsonNode answer = MAPPER.readTree(response.asString());
        assertEquals(request.get("apiVersion").asText(), answer.get("apiVersion").asText());
        assertEquals("TokenReview", answer.get("kind").asText());
        for (Iterator<String> it = answer.get("status").fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertTrue(List.of("authenticated", "user", "audiences", "error").contains(field), "unexpected field " + field);
        }
        return answer;
    }

    static void assertNoTokenEchoed(String token, JsonNode answer) {
        String body = answer.toString();
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertFalse(body.contains(part), "the answer echoes part of the token");
            }
        }
    }

}
