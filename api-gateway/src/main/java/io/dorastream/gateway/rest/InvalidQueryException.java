package io.dorastream.gateway.rest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query parameters the gateway refuses: a 400 problem naming each offending parameter. */
public class InvalidQueryException extends RuntimeException {

    private final Map<String, String> errors;

    public InvalidQueryException(String detail, Map<String, String> errors) {
        super(detail);
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public Map<String, String> errors() {
        return errors;
    }
}
