package dev.clearance.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN.md "Audiences", case by case. */
class AudiencePolicyTest {

    static final String API = "https://kubernetes.default.svc.cluster.local";
    static final List<String> TOKEN_AUD = List.of("cluster-123");

    record Case(String name, Optional<List<String>> apiAudiences, List<String> requested, Optional<List<String>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no spec.audiences: authenticated, none returned", Optional.of(List.of(API)), List.of(),
                        Optional.of(List.of())),
                new Case("api-audiences unset: authenticated, none returned", Optional.empty(), List.of("vault"),
                        Optional.of(List.of())),
                new Case("requested ∩ api-audiences returned", Optional.of(List.of(API, "https://other")), List.of("x", API),
                        Optional.of(List.of(API))),
                new Case("else requested ∩ token aud returned", Optional.of(List.of(API)), List.of("cluster-123", "vault"),
                        Optional.of(List.of("cluster-123"))),
                new Case("neither: audience mismatch", Optional.of(List.of(API)), List.of("vault"), Optional.empty()),
                new Case("duplicates in the request are answered once", Optional.of(List.of(API)), List.of(API, API),
                        Optional.of(List.of(API))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAudiencesAsDesigned(Case c) {
        AudiencePolicy policy = new AudiencePolicy(c.apiAudiences());

        assertEquals(c.expected(), policy.statusAudiences(c.requested(), TOKEN_AUD));
    }
}
