package dev.clearance.common;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The last resort for failures no resource answered itself, so that no caller ever sees a stack trace (the dev
 * profile's error page would show one) and attacker-driven noise does not reach the ERROR log.
 *
 * <ul>
 *   <li>A request the HTTP layer refuses as malformed (an unparsable {@code Host} header, say) gets a Kubernetes
 *       {@code Status} 400 and a DEBUG line: the client caused it.</li>
 *   <li>An exception escaping a resource is a bug: 500 with an error id, logged once at ERROR under that id. The
 *       webhooks never get here for a decision: their decision paths answer every failure themselves.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpFailures::clientFailure);
    }

    private static void clientFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400 || status >= 500 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        LOG.debugf("status=%d path=%s: request refused by the HTTP layer: %s", status, ctx.request().path(),
                ctx.failure() == null ? "-" : ctx.failure().getMessage());
        String message = status == 400 ? "the request is malformed (request line or headers)" : "the request was refused";
        KubeStatus body = KubeStatus.failure(status, status == 400 ? "BadRequest" : "Invalid", "request_invalid", message);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encodeToBuffer(body));
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse(); // 404, 405, 415 and friends: the framework's own answer, not a failure
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "error id %s: request failed unexpectedly", id);
        return KubeStatus.response(500, "InternalError", "internal_error",
                "clearance failed to answer this request (error id " + id + ", in its log)");
    }
}
