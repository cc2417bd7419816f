package io.dorastream.connector.datadog;

import java.util.Locale;
import java.util.Map;

/**
 * The Datadog sites a connection may name. Only these hosts are ever called: no user-supplied URL
 * reaches the HTTP client (that would be an SSRF hole).
 */
public enum DatadogSite {
    US1("datadoghq.com"),
    US3("us3.datadoghq.com"),
    US5("us5.datadoghq.com"),
    EU1("datadoghq.eu"),
    AP1("ap1.datadoghq.com"),
    AP2("ap2.datadoghq.com"),
    UK1("uk1.datadoghq.com");

    private static final Map<String, DatadogSite> ALIASES = Map.of(
            "us1.datadoghq.com", US1,
            "app.datadoghq.com", US1,
            "eu1.datadoghq.eu", EU1,
            "eu.datadoghq.com", EU1,
            "app.datadoghq.eu", EU1);

    /**
     * Datadog's government sites (FedRAMP), by every spelling, with their region label: DORA metrics are not
     * offered there, so they are refused by name rather than as unknown.
     */
    private static final Map<String, String> GOVERNMENT = Map.of(
            "ddog-gov.com", "ddog-gov.com (US1-FED)",
            "app.ddog-gov.com", "ddog-gov.com (US1-FED)",
            "us1-fed", "ddog-gov.com (US1-FED)",
            "us2.ddog-gov.com", "us2.ddog-gov.com (US2-FED)",
            "us2-fed", "us2.ddog-gov.com (US2-FED)");

    private final String host;

    DatadogSite(String host) {
        this.host = host;
    }

    /** The site as stored and shown, e.g. {@code datadoghq.eu}. */
    public String host() {
        return host;
    }

    /** Datadog's API base URL for the site. */
    public String apiBaseUrl() {
        return "https://api." + host;
    }

    /**
     * Parses a site as a user writes it (case-insensitive, aliases and a region label such as
     * {@code EU1} accepted).
     *
     * @throws IllegalArgumentException with a message fit for the user when the site is not allowed
     */
    public static DatadogSite parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("site is required (one of " + allowed() + ")");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("https://")) {
            v = v.substring("https://".length());
        }
        if (v.startsWith("api.")) {
            v = v.substring("api.".length());
        }
        if (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        String government = GOVERNMENT.get(v);
        if (government != null) {
            throw new IllegalArgumentException("site " + government
                    + " is not supported: Datadog does not offer DORA metrics on its government sites");
        }
        for (DatadogSite s : values()) {
            if (s.host.equals(v) || s.name().equalsIgnoreCase(v)) {
                return s;
            }
        }
        DatadogSite alias = ALIASES.get(v);
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException("unknown Datadog site '" + value + "' (one of " + allowed() + ")");
    }

    private static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (DatadogSite s : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(s.host);
        }
        return sb.toString();
    }
}
