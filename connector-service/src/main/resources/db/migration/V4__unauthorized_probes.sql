-- A connection Datadog refused (401/403) is probed again with backoff instead of waiting for new keys:
-- when the next probe is due and how many refused probes came before it (the backoff doubles with each).
ALTER TABLE connection ADD COLUMN next_probe_at timestamptz;
ALTER TABLE connection ADD COLUMN probe_attempts integer NOT NULL DEFAULT 0;
