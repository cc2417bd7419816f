package io.dorastream.gateway.client;

import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.dorastream.gateway.rest.Problem;

/**
 * Forwards a backend's answer (status, content type, body) to the caller; a backend that cannot be
 * reached becomes a 503 problem naming it.
 */
public final class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    private Backends() {
    }

    public static Response forward(String backend, Supplier<Response> call) {
        try (Response r = call.get()) {
            String body = r.hasEntity() ? r.readEntity(String.class) : null;
            if (r.getStatus() >= 500) {
                LOG.warnf("%s answered HTTP %d", backend, r.getStatus());
            }
            Response.ResponseBuilder out = Response.status(r.getStatus());
            if (body != null) {
                String type = r.getHeaderString(HttpHeaders.CONTENT_TYPE);
                out.entity(body).type(type != null ? type : MediaType.APPLICATION_JSON);
            }
            return out.build();
        } catch (ProcessingException e) {
            LOG.warnf("%s unreachable: %s", backend, e.getMessage());
            return Problem.response(503, "Service Unavailable", backend + " is unavailable", null);
        }
    }
}
