package dev.clearance.authn;

import java.util.List;

/** What a TokenReview asks: this token, for these audiences. {@link #toString()} never shows the token. */
record TokenReviewRequest(String apiVersion, String token, List<String> audiences) {

    TokenReviewRequest {
        audiences = List.copyOf(audiences);
    }

    @Override
    public String toString() {
        return "TokenReviewRequest[apiVersion=" + apiVersion + ", token=(redacted), audiences=" + audiences + "]";
    }
}
