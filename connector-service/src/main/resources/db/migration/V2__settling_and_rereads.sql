-- Settling: what is still expected to change. finished_at places an event for the tombstone rule (an
-- event is only declared vanished when it lies wholly inside a range read completely, whichever
-- timestamp Datadog filters on); settled is false for a deployment without finished_at or verdict
-- and a failure without finished_at, which are re-read every poll until they settle or grow too old.
-- Rows published before this migration start unsettled: the next read that sees them decides.
ALTER TABLE event_version
    ADD COLUMN finished_at timestamptz,
    ADD COLUMN settled boolean NOT NULL DEFAULT false;
CREATE INDEX event_version_by_start ON event_version (connection_id, stream, started_at) WHERE NOT deleted;

-- Events Datadog served that could not be parsed, once each, so re-reads do not count them again.
CREATE TABLE rejected_event (
    connection_id uuid        NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    stream        text        NOT NULL,
    event_key     text        NOT NULL,
    first_seen_at timestamptz NOT NULL,
    PRIMARY KEY (connection_id, stream, event_key)
);

-- Re-reads of a range of a stream (scheduled reconciliation, an operator's request, a query change):
-- [reread_from, reread_to) is re-read in steps; everything before reread_cursor is done; no re-read
-- runs while reread_cursor is null. reread_seq is raised by every new request, so a poll that started
-- before it cannot overwrite it. reread_done_at: when the last re-read ended; next_reconcile_at: when the
-- next scheduled reconciliation of the whole backfill range starts.
ALTER TABLE stream_state
    ADD COLUMN reread_reason     text CHECK (reread_reason IN ('reconcile', 'request', 'query')),
    ADD COLUMN reread_from       timestamptz,
    ADD COLUMN reread_to         timestamptz,
    ADD COLUMN reread_cursor     timestamptz,
    ADD COLUMN reread_seq        bigint NOT NULL DEFAULT 0,
    ADD COLUMN reread_error      text,
    ADD COLUMN reread_done_at    timestamptz,
    ADD COLUMN next_reconcile_at timestamptz;
