package io.dorastream.api.metrics;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A DORA performance level, written in JSON in lower case. */
public enum Level {
    ELITE, HIGH, MEDIUM, LOW;

    /** The OpenAPI description of a {@code level} field. */
    public static final String DESCRIPTION = "DORA performance level of the benchmark; null without enough data";

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name other than elite, high, medium or low */
    @JsonCreator
    public static Level parse(String name) {
        for (Level l : values()) {
            if (l.json().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown level '" + name + "': expected elite, high, medium or low");
    }
}
