package io.dorastream.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The aggregator-service's management interface (a port of its own, {@code DORA_AGGREGATOR_MANAGEMENT_URL}):
 * only its readiness. No token is sent there: health needs none.
 */
@RegisterRestClient(configKey = "aggregator-management")
public interface AggregatorManagementClient {

    /** The aggregator's readiness (SmallRye Health): 200 ready, 503 not. */
    @GET
    @Path("/q/health/ready")
    Response ready();
}
