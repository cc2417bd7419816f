package io.dorastream.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.dorastream.api.problem.HttpRefusals;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;

/** The HTTP layer's refusals as problems ({@link HttpRefusals}); security failures keep Quarkus's handler and its challenge. */
@ApplicationScoped
public class HttpRefusalRoutes {

    void install(@Observes Router router) {
        HttpRefusals.install(router, f -> f instanceof AuthenticationException || f instanceof UnauthorizedException
                || f instanceof ForbiddenException);
    }
}
