package dev.clearance.authn;

import dev.clearance.token.AuthnDecision;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clearance.common.InvalidReviewException;
import dev.clearance.common.ReviewJson;
import dev.clearance.token.Identity;
import java.util.List;
import java.util.Set;

/** Reads TokenReview requests strictly and writes decisions in the wire shape. Pure. */
final class TokenReviewCodec {

    static final String V1 = "authentication.k8s.io/v1";
    static final String V1BETA1 = "authentication.k8s.io/v1beta1";
    static final String KIND = "TokenReview";
    static final int MAX_AUDIENCES = 64;

    private final ReviewJson json;

    TokenReviewCodec(ReviewJson json) {
        this.json = json;
    }

    TokenReviewRequest read(byte[] body) throws InvalidReviewException {
        JsonNode root = json.readReview(body, KIND, Set.of(V1, V1BETA1));
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new InvalidReviewException("spec is missing; a TokenReview needs spec.token");
        }
        JsonNode token = spec.get("token");
        if (token == null || token.isNull() || (token.isTextual() && token.textValue().isEmpty())) {
            throw new InvalidReviewException("spec.token is missing or empty");
        }
        if (!token.isTextual()) {
            throw new InvalidReviewException("spec.token must be a string");
        }
        List<String> audiences = ReviewJson.strings(spec, "spec.audiences", "audiences", MAX_AUDIENCES);
        return new TokenReviewRequest(ReviewJson.text(root, "apiVersion"), token.textValue(), audiences);
    }

    static TokenReviewResponse write(String apiVersion, AuthnDecision decision) {
        if (decision instanceof AuthnDecision.Authenticated ok) {
            Identity id = ok.identity();
            TokenReviewResponse.User user = new TokenReviewResponse.User(id.username(), id.uid(), id.groups(), id.extra());
            return new TokenReviewResponse(apiVersion, KIND, new TokenReviewResponse.Status(true, user, ok.audiences(), null));
        }
        String error = decision instanceof AuthnDecision.Unauthenticated no ? no.message() : "clearance cannot decide";
        return new TokenReviewResponse(apiVersion, KIND, new TokenReviewResponse.Status(false, null, null, error));
    }
}
