package io.dorastream.connector.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start, in the {@code prod} profile, when {@code dorastream.datadog.api-url} ({@code DATADOG_API_URL})
 * would send the connections' Datadog keys in clear over a network: it must be {@code https://} or a loopback
 * address, unless {@code dorastream.datadog.allow-insecure-api-url} is true, which only demo set-ups with the
 * simulator in another container set (the compose {@code demo} block of {@code .env}, the Kubernetes {@code dev}
 * overlay).
 */
@ApplicationScoped
public class DatadogApiUrlGuard {

    void check(@Observes StartupEvent start, ConnectorConfig config) {
        if (!ConfigUtils.isProfileActive("prod")) {
            return;
        }
        refusal(config.datadog().apiUrl(), config.datadog().allowInsecureApiUrl()).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
    }

    /** Why {@code url} may not be used, or empty when it may (no URL: {@code https://api.<site>}). */
    public static Optional<String> refusal(Optional<String> url, boolean allowInsecure) {
        if (url.isEmpty() || url.get().isBlank()) {
            return Optional.empty();
        }
        String value = url.get().trim();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("dorastream.datadog.api-url (DATADOG_API_URL) is no URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("dorastream.datadog.api-url (DATADOG_API_URL) must be an https:// URL with a host, not '"
                    + value + "'");
        }
        if (scheme.equals("https") || allowInsecure || loopback(uri.getHost())) {
            return Optional.empty();
        }
        return Optional.of("dorastream.datadog.api-url (DATADOG_API_URL) is " + value
                + ": plain http would send every connection's Datadog keys in clear. Use https://, or a loopback"
                + " address; only a demo with the simulator in another container may set"
                + " dorastream.datadog.allow-insecure-api-url=true (DORASTREAM_DATADOG_ALLOW_INSECURE_API_URL)");
    }

    /** {@code localhost} or a loopback IP literal; no name is looked up (what a name resolves to may change). */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        boolean ipv6 = h.startsWith("[") && h.endsWith("]");
        if (!ipv6 && !h.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(ipv6 ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // a malformed literal; a literal is never looked up
        }
    }
}
