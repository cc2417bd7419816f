package io.dorastream.aggregator.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Query parameters the caller got wrong: answered as a 400 problem naming each in {@code errors}. */
public class InvalidParameter extends RuntimeException {

    private final Map<String, String> errors;

    /** One parameter, the message being the problem's detail too. */
    public InvalidParameter(String parameter, String message) {
        this(message, Map.of(parameter, message));
    }

    /** Several parameters (name → message), with a one-line detail. */
    public InvalidParameter(String detail, Map<String, String> errors) {
        super(detail);
        this.errors = Map.copyOf(errors);
    }

    public Map<String, String> errors() {
        return errors;
    }

    /** Turns the exception into the RFC 9457 answer, wherever an endpoint throws it. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response map(InvalidParameter e) {
            return Problem.response(400, "Bad Request", e.getMessage(), e.errors(), null);
        }
    }
}
