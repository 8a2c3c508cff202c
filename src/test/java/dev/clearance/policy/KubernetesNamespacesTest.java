package dev.clearance.policy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * namespace-source=kubernetes against the Kubernetes mock server in CRUD mode: decisions follow namespaces within a
 * second. A denial proves nothing alone (a directory that saw nothing denies too), so each one is preceded by an allow
 * only the informer can give, or names the directory's contents.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesNamespacesTest.FromKubernetes.class)
class KubernetesNamespacesTest {

    static final Duration WITHIN = Duration.ofSeconds(1);

    public static final class FromKubernetes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clearance.authz.namespace-source", "kubernetes");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void informerHasSynced() {
        await(() -> "UP".equals(given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == 'group-namespaces' }.status")), Duration.ofSeconds(10), "the informer syncs");
    }

    /** The authorizer's answer: whether it allowed, and the sentence saying why (which names what the directory held). */
    record Answer(boolean allowed, String reason) {}

    static Answer review(String group, String namespace, String verb, String resource) {
        String body = "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":"
                + "{\"namespace\":\"" + namespace + "\",\"verb\":\"" + verb + "\",\"resource\":\"" + resource + "\"},"
                + "\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:" + group + "\",\"system:authenticated\"]}}";
        var status = given().contentType(ContentType.JSON).body(body).when().post("/authorize").then().statusCode(200)
                .extract().jsonPath();
        String reason = status.getString("status.reason");
        // every reason ends with the decision id (SubjectAccessReviewReasonTest); the sentence before it is compared here
        String sentence = reason.replaceFirst("; clearance decision [0-9a-f-]{36}$", "");
        if (sentence.equals(reason)) {
            throw new AssertionError("the reason does not end with the decision id: " + reason);
        }
        return new Answer(status.getBoolean("status.allowed"), sentence);
    }

    static boolean allowed(String group, String namespace, String verb, String resource) {
        return review(group, namespace, verb, resource).allowed();
    }

    /** A no-opinion only a synced directory gives: it has the namespace's name, and no owner for it. */
    static Answer notAGroupNamespace(String namespace) {
        return new Answer(false, "namespace " + namespace + " is not a group namespace");
    }

    static void await(BooleanSupplier condition, Duration within, String what) {
        Awaitility.await(what).atMost(within).until(condition::getAsBoolean);
    }

    void createNamespace(String name, Map<String, String> labels, Map<String, String> annotations) {
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata().build()).create();
    }

    /**
     * Every denial below follows an allow that only the informer could have given, and names what the directory
     * holds (the namespace's owner, the granted role), so none of them would pass with an informer that saw nothing.
     */
    @Test
    void decisionsFollowNamespacesAsTheyAreCreatedRelabelledAndDeleted() {
        createNamespace("shop", Map.of("clearance.dev/group", "team-c"), Map.of());
        await(() -> allowed("team-c", "shop", "update", "deployments"), WITHIN, "the owning group gets its namespace");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .withAnnotations(Map.of("clearance.dev/grants", "auditors=viewer")).endMetadata().build());
        await(() -> allowed("auditors", "shop", "list", "pods"), WITHIN, "a grant from the annotation applies");
        assertEquals(new Answer(false, "oidc:user:alice may not create pods in shop (role viewer via oidc:auditors); RBAC decides"),
                review("auditors", "shop", "create", "pods"), "the grant is viewer only");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-d").endMetadata().build());
        Answer formerOwner = new Answer(false, "oidc:user:alice has no grant in namespace shop (owned by oidc:team-d)");
        await(() -> allowed("team-d", "shop", "get", "pods") && formerOwner.equals(review("team-c", "shop", "get", "pods")),
                WITHIN, "relabelling moves ownership");
        assertEquals("team-d", directory.find("shop").orElseThrow().owningGroup());

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels("clearance.dev/group").endMetadata().build());
        await(() -> notAGroupNamespace("shop").equals(review("team-d", "shop", "get", "pods")), WITHIN,
                "removing the label ends ownership");
        assertTrue(directory.synced() && directory.find("shop").isEmpty(), "the directory forgot shop: " + directory.snapshot());

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-d").endMetadata().build());
        await(() -> allowed("team-d", "shop", "get", "pods"), WITHIN, "labelling again restores it");
        client().namespaces().withName("shop").delete();
        await(() -> notAGroupNamespace("shop").equals(review("team-d", "shop", "get", "pods")), WITHIN,
                "deleting the namespace ends ownership");
        assertFalse(directory.snapshot().containsKey("shop"), directory.snapshot().toString());
    }

    @Inject
    KubernetesNamespaceDirectory directory;

    @Test
    void aRequestWithoutANamespaceIsInNoGroupNamespace() {
        createNamespace("filled", Map.of("clearance.dev/group", "team-f"), Map.of());
        await(() -> directory.find("filled").isPresent(), WITHIN, "the informer fills the directory");

        assertTrue(directory.find(null).isEmpty(), "no namespace finds nothing instead of throwing");
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
                + "\"kind\":{\"group\":\"rbac.authorization.k8s.io\",\"version\":\"v1\",\"kind\":\"RoleBinding\"},"
                + "\"name\":\"rb\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"oidc:user:alice\"},"
                + "\"object\":{\"subjects\":[{\"kind\":\"Group\",\"name\":\"oidc:outsiders\"}],"
                + "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"}}}}";
        given().contentType(ContentType.JSON).body(review).when().post("/admit").then().statusCode(200);
    }

    /**
     * The unlabelled namespace is created before a labelled witness; the informer delivers events in order, so once
     * the witness is allowed the informer has seen {@code plain} too, and left it out.
     */
    @Test
    void unlabelledNamespacesAreNoGroupNamespaces() {
        createNamespace("plain", Map.of("team", "plain"), Map.of("clearance.dev/grants", "plain=admin"));
        createNamespace("witness", Map.of("clearance.dev/group", "plain"), Map.of());
        await(() -> allowed("plain", "witness", "get", "pods"), WITHIN, "the informer has seen both namespaces");

        assertEquals(notAGroupNamespace("plain"), review("plain", "plain", "get", "pods"),
                "neither another label nor a grants annotation makes a group namespace");
        Map<String, NamespacePolicy> known = directory.snapshot();
        assertTrue(known.containsKey("witness") && !known.containsKey("plain"), known.toString());
    }
}
