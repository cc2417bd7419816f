package io.dorastream.connector.connection;

/**
 * One line of a connection's live validation (see {@link ConnectionService}).
 *
 * @param name        {@code apiKey}, {@code appKey} (only where Datadog offers {@code /api/v2/validate_keys}),
 *                    {@code deployments} or {@code failures}
 * @param ok          whether it passed
 * @param detail      Datadog's own text when it failed; what the probe found when a stream passed
 * @param hint        what to fix or to look at, in our words, or null when there is nothing to say
 * @param hasEvents   for a readable stream, whether its backfill range holds any event; null otherwise
 * @param eventSource for a readable stream with events, the {@code source} of the event the probe read
 *                    (e.g. {@code apm_deployments}, {@code api}); null otherwise
 */
public record SourceCheck(String name, boolean ok, String detail, String hint, Boolean hasEvents, String eventSource) {

    static SourceCheck passed(String name) {
        return new SourceCheck(name, true, null, null, null, null);
    }

    static SourceCheck failed(String name, String detail, String hint) {
        return new SourceCheck(name, false, detail, hint, null, null);
    }

    /** The detail and the hint as one text (what a stream stores as its availability detail), or null. */
    public String summary() {
        if (hint == null) {
            return detail;
        }
        return detail == null ? hint : detail + " — " + hint;
    }
}
