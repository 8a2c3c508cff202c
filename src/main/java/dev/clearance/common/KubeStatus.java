package dev.clearance.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * A Kubernetes {@code Status} body for the answers that are not reviews (400, 413, 503): client-go decodes it
 * and puts {@code message} in the API server's log. Our stable reason code travels as the single cause.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubeStatus(String kind, String apiVersion, String status, String message, String reason, int code,
        Details details) {

    public record Details(List<Cause> causes) {}

    public record Cause(String reason, String message) {}

    /** A failure {@code Status} whose single cause carries clearance's reason code, for any HTTP layer to write. */
    public static KubeStatus failure(int code, String k8sReason, String reasonCode, String message) {
        return new KubeStatus("Status", "v1", "Failure", message, k8sReason, code, new Details(List.of(new Cause(reasonCode, message))));
    }

    public static Response response(int code, String k8sReason, String reasonCode, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(failure(code, k8sReason, reasonCode, message))
                .build();
    }

    /** 400: the review itself is malformed. */
    public static Response badRequest(String message) {
        return response(400, "BadRequest", "request_invalid", message);
    }
}
