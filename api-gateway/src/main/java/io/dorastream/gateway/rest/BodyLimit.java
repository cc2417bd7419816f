package io.dorastream.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} (64 KiB) is refused with a
 * 413 problem before it is read; the HTTP layer's own refusal (for bodies without a length) stays
 * as the backstop.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        long limit = max.asLongValue();
        String problem = "{\"type\":\"https://dorastream.io/problems/payload-too-large\",\"title\":\"Payload Too Large\","
                + "\"status\":413,\"detail\":\"the body is larger than " + limit + " bytes\"}";
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLong(length, limit)) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problem);
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }
}
