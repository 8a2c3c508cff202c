package dev.clearance.audit;

import dev.clearance.common.ReasonCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.admission.AdmissionReason;
import dev.clearance.policy.AuthzReason;
import dev.clearance.proxy.ProxyReason;
import dev.clearance.token.AuthnReason;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire spellings of kinds, outcomes and reasons: dashboards, alerts and {@code GET /audit/events} depend on them,
 * so every constant is listed here and a new one fails until it is.
 */
class AuditWireTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Wire(String name, Enum<?> constant, String wire) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Wire> WIRES = List.of(
            new Wire("a TokenReview decision is kind authn", AuditKind.AUTHN, "authn"),
            new Wire("a SubjectAccessReview decision is kind authz", AuditKind.AUTHZ, "authz"),
            new Wire("an AdmissionReview decision is kind admission", AuditKind.ADMISSION, "admission"),
            new Wire("a proxied request is kind proxy", AuditKind.PROXY, "proxy"),
            new Wire("allowed is allow", Outcome.ALLOW, "allow"),
            new Wire("refused is deny", Outcome.DENY, "deny"),
            new Wire("no opinion is spelled with a hyphen", Outcome.NO_OPINION, "no-opinion"),
            new Wire("undecided is error", Outcome.ERROR, "error"));

    static Stream<Wire> wires() {
        return WIRES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void writesAndReadsTodaysSpelling(Wire w) throws Exception {
        assertEquals("\"" + w.wire() + "\"", MAPPER.writeValueAsString(w.constant()));
        if (w.constant() instanceof AuditKind kind) {
            assertEquals(w.wire(), kind.wire());
            assertEquals(Optional.of(kind), AuditKind.fromWire(w.wire()));
        } else {
            Outcome outcome = (Outcome) w.constant();
            assertEquals(w.wire(), outcome.wire());
            assertEquals(Optional.of(outcome), Outcome.fromWire(w.wire()));
        }
    }

    @Test
    void everyKindAndOutcomeIsListed() {
        Set<Enum<?>> listed = WIRES.stream().map(Wire::constant).collect(Collectors.toSet());
        Set<Enum<?>> all = Stream.concat(Arrays.stream(AuditKind.values()), Arrays.stream(Outcome.values())).collect(Collectors.toSet());

        assertEquals(all, listed);
    }

    @Test
    void readsNoOtherSpelling() {
        for (String other : List.of("", "AUTHN", "Authn", "webhook", "no_opinion", "NO_OPINION", "Allow", "denied")) {
            assertEquals(Optional.empty(), AuditKind.fromWire(other), other);
            assertEquals(Optional.empty(), Outcome.fromWire(other), other);
        }
        assertEquals(Optional.empty(), AuditKind.fromWire(null));
        assertEquals(Optional.empty(), Outcome.fromWire(null));
    }

    /** Every reason enum an event can carry. A new one belongs here too. */
    static Stream<Class<? extends Enum<?>>> reasonEnums() {
        return Stream.of(AuthnReason.class, AuthzReason.class, AdmissionReason.class, ProxyReason.class, AuditReason.class);
    }

    @ParameterizedTest
    @MethodSource("reasonEnums")
    void everyReasonEnumIsAReasonCodeWrittenAsItsCode(Class<? extends Enum<?>> type) throws Exception {
        assertEquals(true, ReasonCode.class.isAssignableFrom(type), type + " implements ReasonCode");
        Set<String> codes = new TreeSet<>();
        for (Enum<?> constant : type.getEnumConstants()) {
            String code = ((ReasonCode) constant).code();
            assertEquals(constant.name().toLowerCase(java.util.Locale.ROOT), code, "a code is its constant's name in lower case");
            assertEquals("\"" + code + "\"", MAPPER.writeValueAsString(constant));
            codes.add(code);
        }
        assertEquals(type.getEnumConstants().length, codes.size(), "codes are distinct");
    }
}
