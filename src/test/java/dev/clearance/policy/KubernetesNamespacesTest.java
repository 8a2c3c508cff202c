package dev.clearance.policy;

import static io.restassured.RestAssured.given;
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
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** namespace-source=kubernetes against the Kubernetes mock server in CRUD mode: decisions follow namespaces within a second. */
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

    static boolean allowed(String group, String namespace, String verb, String resource) {
        String body = "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"spec\":{\"resourceAttributes\":"
                + "{\"namespace\":\"" + namespace + "\",\"verb\":\"" + verb + "\",\"resource\":\"" + resource + "\"},"
                + "\"user\":\"oidc:user:alice\",\"groups\":[\"oidc:" + group + "\",\"system:authenticated\"]}}";
        return given().contentType(ContentType.JSON).body(body).when().post("/authorize").then().statusCode(200)
                .extract().jsonPath().getBoolean("status.allowed");
    }

    static void await(BooleanSupplier condition, Duration within, String what) {
        Awaitility.await(what).atMost(within).until(condition::getAsBoolean);
    }

    @Test
    void decisionsFollowNamespacesAsTheyAreCreatedRelabelledAndDeleted() {
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                .withLabels(Map.of("clearance.dev/group", "team-c")).endMetadata().build()).create();
        await(() -> allowed("team-c", "shop", "update", "deployments"), WITHIN, "the owning group gets its namespace");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .withAnnotations(Map.of("clearance.dev/grants", "auditors=viewer")).endMetadata().build());
        await(() -> allowed("auditors", "shop", "list", "pods"), WITHIN, "a grant from the annotation applies");
        assertTrue(!allowed("auditors", "shop", "create", "pods"), "the grant is viewer only");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-d").endMetadata().build());
        await(() -> allowed("team-d", "shop", "get", "pods") && !allowed("team-c", "shop", "get", "pods"), WITHIN,
                "relabelling moves ownership");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels("clearance.dev/group").endMetadata().build());
        await(() -> !allowed("team-d", "shop", "get", "pods"), WITHIN, "removing the label ends ownership");

        client().namespaces().withName("shop").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("clearance.dev/group", "team-d").endMetadata().build());
        await(() -> allowed("team-d", "shop", "get", "pods"), WITHIN, "labelling again restores it");
        client().namespaces().withName("shop").delete();
        await(() -> !allowed("team-d", "shop", "get", "pods"), WITHIN, "deleting the namespace ends ownership");
    }

    @Inject
    KubernetesNamespaceDirectory directory;

    @Test
    void aRequestWithoutANamespaceIsInNoGroupNamespace() {
        assertTrue(directory.find(null).isEmpty(), "no namespace finds nothing instead of throwing");
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
                + "\"kind\":{\"group\":\"rbac.authorization.k8s.io\",\"version\":\"v1\",\"kind\":\"RoleBinding\"},"
                + "\"name\":\"rb\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"oidc:user:alice\"},"
                + "\"object\":{\"subjects\":[{\"kind\":\"Group\",\"name\":\"oidc:outsiders\"}],"
                + "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"}}}}";
        given().contentType(ContentType.JSON).body(review).when().post("/admit").then().statusCode(200);
    }

    @Test
    void unlabelledNamespacesAreNoGroupNamespaces() {
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("plain").endMetadata().build()).create();

        assertTrue(!allowed("plain", "plain", "get", "pods"));
        assertTrue(List.of("plain").contains(client().namespaces().withName("plain").get().getMetadata().getName()));
    }
}
