package io.dorastream.aggregator.metrics;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A DORA performance level, written in JSON in lower case. */
public enum Level {
    ELITE, HIGH, MEDIUM, LOW;

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
