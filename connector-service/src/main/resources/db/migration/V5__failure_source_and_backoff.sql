-- Whose failure a stream's last error is (datadog: counted by the connection's circuit breaker;
-- dorastream: our database, Kafka, keyring or a bug, never counted), its stable code and when it
-- happened; and the failed polls in a row, from which the retry (or, for refused keys, the probe)
-- backoff doubles.
ALTER TABLE stream_state
    ADD COLUMN last_error_source text,
    ADD COLUMN last_error_kind text,
    ADD COLUMN last_error_at timestamptz,
    ADD COLUMN failures_in_row integer NOT NULL DEFAULT 0;
-- Before this version every recorded error was counted as Datadog's.
UPDATE stream_state SET last_error_source = 'datadog' WHERE last_error IS NOT NULL;
-- A refused connection's probes are now its stream's own retries (stream_state.failures_in_row and
-- next_poll_at); the connection-level probe schedule of V4 is no longer used.
ALTER TABLE connection DROP COLUMN next_probe_at;
ALTER TABLE connection DROP COLUMN probe_attempts;
