package io.dorastream.devstack.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading requests from and writing answers to an {@link HttpExchange}. */
final class HttpIo {

    private HttpIo() {
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /**
     * Decoded path segments without the leading empty one ({@code %3A} becomes {@code :}); a
     * segment with a broken escape stays as sent.
     */
    static List<String> segments(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        List<String> segments = new ArrayList<>();
        for (String segment : raw.substring(raw.startsWith("/") ? 1 : 0).split("/")) {
            try {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** Sends status, content type and body (no body at all when it is empty), then ends the exchange. */
    static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
