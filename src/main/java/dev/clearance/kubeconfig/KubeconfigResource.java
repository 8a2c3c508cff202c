package dev.clearance.kubeconfig;

import dev.clearance.common.KubeStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /kubeconfig}: the users' kubeconfig as a download. It holds no secret (the exec plugin gets the token on
 * the user's machine), so it is served to anyone, without a client certificate too. 404 with a Kubernetes
 * {@code Status} when none is configured.
 */
@Path("/kubeconfig")
public class KubeconfigResource {

    static final String MEDIA_TYPE = "application/yaml";

    private final KubeconfigDocument document;

    KubeconfigResource(KubeconfigDocument document) {
        this.document = document;
    }

    @GET
    @Produces({MEDIA_TYPE, "application/json"})
    public Response kubeconfig() {
        if (document.yaml().isEmpty()) {
            return KubeStatus.response(404, "NotFound", "kubeconfig_not_configured", document.unavailable());
        }
        return Response.ok(document.yaml().get(), MEDIA_TYPE + ";charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=kubeconfig")
                .header("Cache-Control", "no-cache")
                .build();
    }
}
