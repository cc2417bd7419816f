package io.dorastream.connector.datadog;

import jakarta.ws.rs.core.Response;

/** Datadog's {@code X-RateLimit-*} headers of one answer; a field is null when the header is absent. */
public record RateLimit(Integer limit, Integer period, Integer remaining, Integer reset, String name) {

    public static RateLimit of(Response r) {
        return new RateLimit(intHeader(r, "X-RateLimit-Limit"), intHeader(r, "X-RateLimit-Period"),
                intHeader(r, "X-RateLimit-Remaining"), intHeader(r, "X-RateLimit-Reset"),
                r.getHeaderString("X-RateLimit-Name"));
    }

    private static Integer intHeader(Response r, String name) {
        String v = r.getHeaderString(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
