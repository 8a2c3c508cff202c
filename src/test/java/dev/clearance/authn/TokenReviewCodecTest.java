package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.ReviewJson;
import dev.clearance.token.AuthnReason;
import dev.clearance.token.Identity;
import dev.clearance.token.TokenFacts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenReviewCodecTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    final TokenReviewCodec codec = new TokenReviewCodec(new ReviewJson(MAPPER));

    record Case(String name, String body, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> malformed() {
        String spec = ",\"spec\":{\"token\":\"t\"}";
        return Stream.of(
                new Case("empty body", "", "empty"),
                new Case("not JSON", "{nope", "not valid JSON"),
                new Case("a JSON array", "[]", "not a JSON object"),
                new Case("trailing data", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\"" + spec + "} {}",
                        "not valid JSON"),
                new Case("duplicate keys", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\"" + spec + spec + "}",
                        "not valid JSON"),
                new Case("no apiVersion", "{\"kind\":\"TokenReview\"" + spec + "}", "apiVersion"),
                new Case("another group", "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"TokenReview\"" + spec + "}",
                        "apiVersion"),
                new Case("apiVersion in another case", "{\"apiVersion\":\"Authentication.k8s.io/v1\",\"kind\":\"TokenReview\"" + spec
                        + "}", "apiVersion"),
                new Case("another kind", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SubjectAccessReview\"" + spec + "}",
                        "kind"),
                new Case("no spec", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\"}", "spec"),
                new Case("no token", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}",
                        "spec.token"),
                new Case("empty token", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"\"}}",
                        "spec.token"),
                new Case("token as a number", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                        + "\"spec\":{\"token\":42}}", "spec.token"),
                new Case("audiences as a string", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                        + "\"spec\":{\"token\":\"t\",\"audiences\":\"a\"}}", "spec.audiences"),
                new Case("too many audiences", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                        + "\"spec\":{\"token\":\"t\",\"audiences\":" + MAPPER.valueToTree(java.util.Collections.nCopies(65, "a")) + "}}",
                        "spec.audiences"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("malformed")
    void refusesMalformedReviews(Case c) {
        InvalidReviewException e = assertThrows(InvalidReviewException.class,
                () -> codec.read(c.body().getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().contains(c.messagePart()), e.getMessage());
    }

    @Test
    void readsBothVersionsAndOldMetadataForms() throws Exception {
        TokenReviewRequest v1beta1 = codec.read(("{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1beta1\","
                + "\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"token\":\"a\\u003cb\",\"audiences\":[\"x\"]},"
                + "\"status\":{\"user\":{}},\"unknown\":1}\n").getBytes(StandardCharsets.UTF_8));

        assertEquals("authentication.k8s.io/v1beta1", v1beta1.apiVersion());
        assertEquals("a<b", v1beta1.token());
        assertEquals(List.of("x"), v1beta1.audiences());
        assertFalse(v1beta1.toString().contains("a<b"), "toString never shows the token");
    }

    @Test
    void writesAnIdentityWithEveryExtraValueAsAList() throws Exception {
        Identity id = new Identity("oidc:user:bob", "u-1", List.of("oidc:sre"), Map.of("example.com/mfa", List.of("true")));

        String json = MAPPER.writeValueAsString(TokenReviewCodec.write("authentication.k8s.io/v1beta1",
                new AuthnDecision.Authenticated(id, List.of("aud"), TokenFacts.NONE)));

        assertEquals("{\"apiVersion\":\"authentication.k8s.io/v1beta1\",\"kind\":\"TokenReview\",\"status\":{\"authenticated\":true,"
                + "\"user\":{\"username\":\"oidc:user:bob\",\"uid\":\"u-1\",\"groups\":[\"oidc:sre\"],"
                + "\"extra\":{\"example.com/mfa\":[\"true\"]}},\"audiences\":[\"aud\"]}}", json);
    }

    @Test
    void writesARefusalWithoutUserOrAudiences() throws Exception {
        String json = MAPPER.writeValueAsString(TokenReviewCodec.write("authentication.k8s.io/v1",
                new AuthnDecision.Unauthenticated(AuthnReason.EXPIRED, "token expired at x", TokenFacts.NONE)));

        assertEquals("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"status\":{\"authenticated\":false,"
                + "\"error\":\"token expired at x\"}}", json);
    }
}
