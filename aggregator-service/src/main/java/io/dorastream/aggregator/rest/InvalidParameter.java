package io.dorastream.aggregator.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A query parameter the caller got wrong: answered as a 400 problem naming it in {@code errors}. */
public class InvalidParameter extends RuntimeException {

    private final String parameter;

    public InvalidParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** Turns the exception into the RFC 9457 answer, wherever an endpoint throws it. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response map(InvalidParameter e) {
            return Problem.response(400, "Bad Request", e.getMessage(), Map.of(e.parameter(), e.getMessage()), null);
        }
    }
}
