package io.dorastream.connector.datadog;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.dorastream.connector.config.ConnectorConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The operator's override of Datadog's address ({@code DATADOG_API_URL}, meant for the simulator) is
 * refused at start in production unless it is {@code https://} or a loopback address: a mis-set
 * variable would otherwise send every customer's API and application keys in clear text. Demo set-ups
 * (the compose {@code demo} profile, the Kubernetes {@code dev} overlay), whose simulator speaks plain
 * http inside their network, opt in with {@code dorastream.datadog.allow-insecure-api-url=true}.
 */
@ApplicationScoped
public class ApiUrlGuard {

    void onStart(@Observes StartupEvent event, ConnectorConfig config) {
        check(config.datadog().apiUrl(), config.datadog().allowInsecureApiUrl(), LaunchMode.current() == LaunchMode.NORMAL);
    }

    /**
     * @param production whether the rule applies (the dev and test profiles talk to a local simulator)
     * @throws IllegalStateException naming the variable and the opt-in when the URL is refused
     */
    static void check(Optional<String> apiUrl, boolean allowInsecure, boolean production) {
        if (apiUrl.isEmpty() || apiUrl.get().isBlank() || !production || allowInsecure) {
            return;
        }
        String url = apiUrl.get().trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("DATADOG_API_URL (dorastream.datadog.api-url) is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && uri.getHost() != null) {
            return;
        }
        if (scheme.equals("http") && loopback(uri.getHost())) {
            return;
        }
        throw new IllegalStateException("DATADOG_API_URL (dorastream.datadog.api-url) must be https:// or a loopback address"
                + " in production: every connection's Datadog keys would travel to " + scheme + "://" + uri.getHost()
                + " in clear text. A demo set-up whose simulator speaks plain http sets"
                + " dorastream.datadog.allow-insecure-api-url=true (DORASTREAM_DATADOG_ALLOW_INSECURE_API_URL)");
    }

    /** Whether {@code host} is a loopback address as written (localhost, 127.0.0.0/8, ::1), never by a DNS lookup. */
    static boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+") && !h.matches("[0-9a-f:]+")) {
            return false; // a name other than localhost: resolving it here would trust DNS
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal address: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
