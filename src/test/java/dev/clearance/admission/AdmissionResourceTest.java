package dev.clearance.admission;

import dev.clearance.testsupport.Vectors;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.audit.AuditEvent;
import dev.clearance.audit.AuditKind;
import dev.clearance.audit.AuditLog;
import dev.clearance.audit.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /admit over HTTP: uid echo, both versions, dry-run, malformed input, real CSRs, and the shared vectors. */
@QuarkusTest
class AdmissionResourceTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    AuditLog audit;

    static String review(String apiVersion, String uid, String user, String group, String kind, String name, String operation,
            String object, boolean dryRun) {
        return "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"" + apiVersion + "\",\"request\":{\"uid\":\"" + uid + "\","
                + "\"kind\":{\"group\":\"" + group + "\",\"version\":\"v1\",\"kind\":\"" + kind + "\"},"
                + "\"resource\":{\"group\":\"" + group + "\",\"version\":\"v1\",\"resource\":\"x\"},\"name\":\"" + name + "\","
                + "\"operation\":\"" + operation + "\",\"userInfo\":{\"username\":\"" + user + "\",\"groups\":[\"system:authenticated\"]},"
                + "\"object\":" + object + ",\"oldObject\":null,\"dryRun\":" + dryRun + "}}";
    }

    static String csr(String subject) {
        return "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\",\"metadata\":{\"name\":\"c\"},"
                + "\"spec\":{\"request\":\"" + Csrs.request(subject) + "\",\"signerName\":\"kubernetes.io/kube-apiserver-client\"}}";
    }

    @ParameterizedTest
    @CsvSource({"admission.k8s.io/v1", "admission.k8s.io/v1beta1"})
    void refusesASpoofedCertificateWith403EchoingUidAndVersion(String apiVersion) {
        given().contentType(ContentType.JSON)
                .body(review(apiVersion, "uid-csr-1", "mallory", "certificates.k8s.io", "CertificateSigningRequest", "c", "CREATE",
                        csr("CN=oidc:user:root, O=oidc:cluster-admins"), false))
                .when().post("/admit")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo(apiVersion))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo("uid-csr-1"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", containsString("clearance prefix-spoofing"))
                .body("response.status.message", containsString("CN=\"oidc:user:root\""))
                .body("response", not(hasKey("patch")))
                .body("response", not(hasKey("patchType")));
    }

    @Test
    void refusesARealMultiValuedCertificateRequestMadeByOpenssl() {
        String object = "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\",\"metadata\":{\"name\":\"c\"},"
                + "\"spec\":{\"request\":\"" + Csrs.openssl("/O=x+CN=oidc:evil/C=US+O=oidc:cluster-admins")
                + "\",\"signerName\":\"kubernetes.io/kube-apiserver-client\"}}";

        given().contentType(ContentType.JSON)
                .body(review("admission.k8s.io/v1", "uid-mv", "mallory", "certificates.k8s.io", "CertificateSigningRequest", "c", "CREATE",
                        object, false))
                .when().post("/admit")
                .then().statusCode(200)
                .body("response.uid", equalTo("uid-mv"))
                .body("response.allowed", equalTo(false))
                .body("response.status.details.causes[0].reason", equalTo("prefix_spoofing"))
                .body("response.status.message", containsString("CN=\"oidc:evil\""))
                .body("response.status.message", containsString("O=\"oidc:cluster-admins\""));
    }

    @Test
    void refusesACertificateRequestWithNonBase64InItsPemBodyInsteadOfFailing() {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n*!*!not-base64*!*!\n-----END CERTIFICATE REQUEST-----\n";
        String object = "{\"spec\":{\"request\":\"" + Csrs.base64(pem) + "\"}}";

        given().contentType(ContentType.JSON)
                .body(review("admission.k8s.io/v1", "uid-fuzz", "mallory", "certificates.k8s.io", "CertificateSigningRequest", "c",
                        "CREATE", object, false))
                .when().post("/admit")
                .then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("not base64"));
    }

    @Test
    void admitsAnOrdinaryCertificateAndThePlatformsProvisioner() {
        given().contentType(ContentType.JSON)
                .body(review("admission.k8s.io/v1", "u2", "mallory", "certificates.k8s.io", "CertificateSigningRequest", "c", "CREATE",
                        csr("CN=mallory, O=developers"), false))
                .when().post("/admit").then().statusCode(200).body("response.allowed", equalTo(true))
                .body("response", not(hasKey("status")));
        given().contentType(ContentType.JSON)
                .body(review("admission.k8s.io/v1", "u3", "system:serviceaccount:platform:provisioner", "", "Namespace", "shop",
                        "CREATE", "{\"metadata\":{\"name\":\"shop\",\"labels\":{\"clearance.dev/group\":\"team-c\"}}}", false))
                .when().post("/admit").then().statusCode(200).body("response.allowed", equalTo(true));
    }

    @Test
    void judgesDryRunTheSame() {
        String claim = "{\"metadata\":{\"name\":\"shop\",\"labels\":{\"clearance.dev/group\":\"team-c\"}}}";
        for (boolean dryRun : List.of(false, true)) {
            given().contentType(ContentType.JSON)
                    .body(review("admission.k8s.io/v1", "dry-" + dryRun, "oidc:user:alice", "", "Namespace", "shop", "CREATE", claim, dryRun))
                    .when().post("/admit").then().statusCode(200)
                    .body("response.uid", equalTo("dry-" + dryRun))
                    .body("response.allowed", equalTo(false))
                    .body("response.status.message", containsString("clearance namespace-ownership"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"operation\":\"CREATE\",\"kind\":{}}}|request.uid",
        "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"}|request is missing",
        "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v2\",\"request\":{\"uid\":\"u\"}}|apiVersion",
        "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"u\",\"kind\":{},\"operation\":\"CREATE\",\"dryRun\":\"yes\"}}|dryRun",
        "[1,2]|not a JSON object"})
    void answersMalformedReviewsWith400AndInventsNoUid(String body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/admit").then().statusCode(400)
                .body("message", containsString(message))
                .body(not(containsString("\"uid\"")));
    }

    /** Vectors' objects are pods, configmaps, deployments and a namespace without the group label: all admitted. */
    static final Map<String, Boolean> VECTORS_ALLOWED = Map.of(
            "adm01-v1-create-pod-allowed.json", true,
            "adm02-v1-create-privileged-pod-denied.json", true,
            "adm03-v1-update-deployment-scale-subresource.json", true,
            "adm04-v1-delete-configmap.json", true,
            "adm05-v1-create-configmap-dry-run.json", true,
            "adm07-v1-connect-pods-exec.json", true,
            "adm08-v1-update-pod-status-subresource.json", true,
            "adm09-v1-create-namespace-cluster-scoped.json", true);

    @TestFactory
    Stream<DynamicTest> answersTheSharedVectors() throws Exception {
        return Vectors.names("adm").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode request = Vectors.load(name).get("request");
            Response response = given().header("Content-Type", "application/json").queryParam("timeout", "10s")
                    .body(MAPPER.writeValueAsString(request) + "\n").when().post("/admit");
            assertEquals(200, response.statusCode(), response.asString());
            JsonNode answer = MAPPER.readTree(response.asString());
            assertEquals(request.get("apiVersion").asText(), answer.get("apiVersion").asText());
            assertEquals("AdmissionReview", answer.get("kind").asText());
            assertEquals(request.at("/request/uid").asText(), answer.at("/response/uid").asText());
            assertTrue(answer.at("/response/allowed").isBoolean());
            assertEquals(VECTORS_ALLOWED.get(name), answer.at("/response/allowed").asBoolean());
            assertFalse(answer.get("response").has("patch") || answer.get("response").has("patchType"));
            assertAudited(request.get("request"));
        }));
    }

    /**
     * The review's event (the newest under its uid: it was just answered): the plural resource and group of
     * request.resource, not the object's kind.
     */
    private void assertAudited(JsonNode request) {
        String uid = request.get("uid").asText();
        List<AuditEvent> events = audit.query(e -> e.kind() == AuditKind.ADMISSION && uid.equals(e.requestUid()), 1);
        assertEquals(1, events.size(), "an event for " + uid);
        AuditEvent event = events.get(0);
        assertEquals(Outcome.ALLOW, event.decision());
        assertEquals(request.at("/resource/resource").asText(), event.resource().resource());
        assertEquals(request.at("/resource/group").asText(), event.resource().group());
        assertEquals(request.get("operation").asText().toLowerCase(java.util.Locale.ROOT), event.resource().verb());
        assertEquals(request.path("subResource").isTextual() ? request.get("subResource").asText() : null,
                event.resource().subresource());
    }

    @Test
    void auditsTheScaleOfADeploymentAsTheDeploymentsScaleNotAsTheKindScale() throws Exception {
        JsonNode request = Vectors.load("adm03-v1-update-deployment-scale-subresource.json").get("request");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("request")).put("uid", "uid-audit-scale");
        given().header("Content-Type", "application/json").body(MAPPER.writeValueAsString(request)).when().post("/admit")
                .then().statusCode(200);

        AuditEvent event = audit.query(e -> "uid-audit-scale".equals(e.requestUid()), 1).get(0);
        assertEquals(new AuditEvent.Resource("team-a", "update", "apps", "deployments", "scale", "web"), event.resource());
    }

    @Test
    void everyVectorHasAnExpectation() throws Exception {
        assertEquals(new TreeSet<>(VECTORS_ALLOWED.keySet()), new TreeSet<>(Vectors.names("adm")));
    }

}
