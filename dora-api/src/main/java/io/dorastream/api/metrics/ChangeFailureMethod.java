package io.dorastream.api.metrics;

import com.fasterxml.jackson.annotation.JsonValue;

/** How deployments got their failed/stable verdicts. */
public enum ChangeFailureMethod {
    /** The source's own {@code change_failure} attribute. */
    CHANGE_FAILURE("change_failure"),
    /** The fallback when no deployment in scope has a verdict: failures linked to deployments. */
    INCIDENT_LINK("incident_link");

    private final String json;

    ChangeFailureMethod(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
