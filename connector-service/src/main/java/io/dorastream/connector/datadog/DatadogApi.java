package io.dorastream.connector.datadog;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Datadog's DORA endpoints as a Quarkus REST client. Built per base URL by {@link DatadogClient};
 * answers are read as text so that a malformed body becomes a controlled error, not a crash.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DatadogApi {

    String API_KEY = "DD-API-KEY";
    String APP_KEY = "DD-APPLICATION-KEY";

    @GET
    @Path("/api/v1/validate")
    Response validate(@HeaderParam(API_KEY) String apiKey);

    /** Both keys (Datadog added it in 2026; an older site answers 404). */
    @GET
    @Path("/api/v2/validate_keys")
    Response validateKeys(@HeaderParam(API_KEY) String apiKey, @HeaderParam(APP_KEY) String appKey);

    @POST
    @Path("/api/v2/dora/{stream}")
    Response list(@PathParam("stream") String stream, @HeaderParam(API_KEY) String apiKey,
            @HeaderParam(APP_KEY) String appKey, String body);

    @GET
    @Path("/api/v2/dora/{stream}/{id}")
    Response get(@PathParam("stream") String stream, @PathParam("id") String id,
            @HeaderParam(API_KEY) String apiKey, @HeaderParam(APP_KEY) String appKey);
}
