package dev.clearance.devissuer;

import dev.clearance.common.KubeStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /dev-issuer}: discovery, JWKS and minting for the development issuer. Answers 404 unless
 * {@code clearance.dev-issuer.enabled=true} (the dev and demo profiles).
 */
@Path("/dev-issuer")
public class DevIssuerResource {

    private final DevIssuer issuer;

    DevIssuerResource(DevIssuer issuer) {
        this.issuer = issuer;
    }

    @GET
    @Path("/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response discovery() {
        return issuer.enabled() ? Response.ok(issuer.discovery()).build() : disabled();
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return issuer.enabled() ? Response.ok(issuer.jwks()).build() : disabled();
    }

    /**
     * Mints a token: {@code user} (required), {@code groups} (comma-separated or repeated), {@code admin=true} for
     * {@code cluster-admins}, {@code alg} (RS256 or ES256), {@code audience} and {@code ttl} (seconds) overrides,
     * {@code format} = {@code json} (default), {@code raw} (the token alone) or {@code exec-credential} (for a
     * kubeconfig exec plugin).
     */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response token(@FormParam("user") String user, @FormParam("groups") List<String> groups,
            @FormParam("admin") String admin, @FormParam("alg") String alg, @FormParam("audience") String audience,
            @FormParam("ttl") String ttl, @FormParam("format") String format) {
        if (!issuer.enabled()) {
            return disabled();
        }
        TokenRequest request;
        try {
            request = TokenRequest.parse(user, groups, admin, alg, audience, ttl);
        } catch (IllegalArgumentException e) {
            return KubeStatus.badRequest(e.getMessage());
        }
        DevIssuer.MintedToken minted = issuer.mint(request);
        String f = format == null ? "json" : format;
        switch (f) {
            case "raw":
                return Response.ok(minted.token() + "\n", MediaType.TEXT_PLAIN_TYPE).build();
            case "exec-credential":
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("token", minted.token());
                status.put("expirationTimestamp", minted.expiry().toString());
                return Response.ok(Map.of("apiVersion", "client.authentication.k8s.io/v1", "kind", "ExecCredential",
                        "status", status), MediaType.APPLICATION_JSON_TYPE).build();
            case "json":
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("token", minted.token());
                body.put("tokenType", "Bearer");
                body.put("expiresAt", minted.expiry().toString());
                return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
            default:
                return KubeStatus.badRequest("format must be json, raw or exec-credential");
        }
    }

    private static Response disabled() {
        return KubeStatus.response(404, "NotFound", "dev_issuer_disabled",
                "the development issuer is disabled (clearance.dev-issuer.enabled=false)");
    }
}
