package io.dorastream.gateway.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Request bodies larger than {@code dorastream.max-body-size} (64 KiB) are refused with a 413
 * problem: before they are read when their length is declared, and while they are read when it is
 * not (chunked). The HTTP layer's own limit ({@code quarkus.http.limits.max-body-size}) stays above
 * it as the memory bound, because its refusal of a chunked body is a bare 413 without a problem.
 */
@ApplicationScoped
public class BodyLimit {

    static final String PROBLEM = "{\"type\":\"https://dorastream.io/problems/payload-too-large\",\"title\":\"Payload Too Large\","
            + "\"status\":413,\"detail\":\"the body is larger than %d bytes\"}";

    // Router and providers are set up before config mappings can be injected: the property
    // (documented on GatewayConfig#maxBodySize) is read directly.
    void install(@Observes Router router, @ConfigProperty(name = "dorastream.max-body-size") MemorySize max) {
        long limit = max.asLongValue();
        String problem = PROBLEM.formatted(limit);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLong(length, limit)) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problem);
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }

    /**
     * Counts a request body as it is read, and refuses it past the limit. Server side only: the
     * REST clients' reading of the backends' (larger) answers is not limited.
     */
    @Provider
    @ConstrainedTo(RuntimeType.SERVER)
    public static class Interceptor implements ReaderInterceptor {

        private final long limit;

        public Interceptor(@ConfigProperty(name = "dorastream.max-body-size") MemorySize max) {
            this.limit = max.asLongValue();
        }

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            context.setInputStream(new Limited(context.getInputStream(), limit));
            return context.proceed();
        }
    }

    /** An input stream that fails with a 413 once more than {@code limit} bytes were read. */
    static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new WebApplicationException("the body is larger than " + limit + " bytes", 413);
            }
        }
    }
}
