package io.dorastream.gateway.rest;

import java.util.List;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.dorastream.api.query.QueryWindow;

/** The window and filters every metrics and events endpoint takes. */
public class ScopeParams {

    @QueryParam("from")
    @Parameter(required = true, description = "window start: a date (its midnight UTC) or an RFC 3339 instant",
            example = "2026-09-01", schema = @Schema(type = SchemaType.STRING))
    public String from;

    @QueryParam("to")
    @Parameter(required = true, description = "window end, exclusive: a date or an RFC 3339 instant; " + QueryWindow.TO_LIMIT,
            example = "2026-12-01", schema = @Schema(type = SchemaType.STRING))
    public String to;

    @QueryParam("connection")
    @Parameter(description = "only these connections (repeatable; blank values ignored)")
    public List<String> connection;

    @QueryParam("service")
    @Parameter(description = "only these services (repeatable)")
    public List<String> service;

    @QueryParam("env")
    @Parameter(description = "only these environments (repeatable)")
    public List<String> env;

    @QueryParam("team")
    @Parameter(description = "only these teams (repeatable)")
    public List<String> team;

    /** A query builder with the window and filters checked. */
    ApiQuery.Builder query() {
        return ApiQuery.builder().window(from, to).filters(connection, service, env, team);
    }
}
