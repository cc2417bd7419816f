package io.dorastream.api.problem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.dorastream.api.query.InputText;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP layer's refusals as problems, in every service. Quarkus checks each request target with
 * {@link URI} before any route and refuses a malformed {@code %} escape or a raw {@code | { } " DEL}
 * with a bare 400; {@link #takeOverUriCheck()} (called by each service's {@code main}, before Quarkus
 * starts) turns that check off so that {@link #install} makes the same check as the first route and
 * answers a problem. An {@code Authorization} header (a token) with a control character Vert.x lets
 * through (U+0080–U+009F, sent as raw bytes; it refuses C0 and DEL itself) is a 400 naming it. Other headers may
 * carry UTF-8 as opaque bytes (whose continuation bytes read as U+0080–U+009F): they are not judged.
 * Failures that reach the router without a JAX-RS answer (a {@code Host} header
 * that is not a host, an unexpected exception) become problems too; a 5xx carries only an error id,
 * the failure is logged with it. What Vert.x refuses while decoding a request (an over-long request
 * line, over-large headers, a C0 control character or DEL in a header, {@code Content-Length} with
 * chunked encoding, a malformed request line — a raw space in the target included) never reaches a
 * route: that stays a bare 4xx.
 */
public final class HttpRefusals {

    /** The system property that turns Quarkus's own (bare) request-target check off. */
    public static final String QUARKUS_URI_CHECK_OFF = "vertx.disableURIValidation";

    private static final String AUTHORIZATION = "Authorization";
    private static final Logger LOG = Logger.getLogger(HttpRefusals.class.getName());

    private HttpRefusals() {
    }

    /** Before Quarkus starts: {@link #install} checks request targets instead of Quarkus. */
    public static void takeOverUriCheck() {
        System.setProperty(QUARKUS_URI_CHECK_OFF, "true");
    }

    /**
     * Installs the request-target check as the very first route and a failure handler ahead of
     * Quarkus's; failures {@code passOn} accepts (e.g. security failures with their challenge) are
     * left to the next failure handler.
     */
    public static void install(Router router, Predicate<Throwable> passOn) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (!validTarget(ctx.request().uri())) {
                end(ctx, 400, "the request target is not a valid URI: a character that must be percent-encoded"
                        + " (such as | { } \" or a control character) or a malformed % escape", null);
                return;
            }
            if (InputText.hasControlCharacter(ctx.request().getHeader(AUTHORIZATION))) {
                end(ctx, 400, "the Authorization header holds a control character",
                        Problems.field(AUTHORIZATION, InputText.CONTROL_CHARACTER));
                return;
            }
            ctx.next();
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (ctx.response().headWritten() || (failure != null && passOn.test(failure))) {
                ctx.next();
                return;
            }
            int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            if (status >= 500) {
                String id = UUID.randomUUID().toString();
                LOG.log(Level.SEVERE, "request " + ctx.request().method() + " " + ctx.request().path() + " failed (error id "
                        + id + ")", failure);
                end(ctx, status, "an unexpected error occurred (error id " + id + ")", null);
            } else {
                LOG.fine(() -> "request refused with " + status + ": " + failure);
                end(ctx, status, "the request could not be read (" + Problems.title(status) + ")", null);
            }
        });
    }

    /** Whether {@code target} parses as a URI, as Quarkus's own check requires. */
    static boolean validTarget(String target) {
        if (target == null) {
            return false;
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void end(RoutingContext ctx, int status, String detail, Map<String, String> errors) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE).end(Problems.json(status, detail, errors));
    }
}
