-- dataAsOf is a promise (docs/metrics.md): a watermark is applied only once the events it covers are.

-- Per stream (deployments, failures) and partition of its event topic, the offset just past the last
-- record this service applied (or dead-lettered): written after each batch is committed.
CREATE TABLE event_position (
    stream      text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    PRIMARY KEY (stream, partition)
);

-- Watermarks received whose events are not all applied yet: offsets maps partition (as text) to the
-- offset event_position must reach. Promoted to sync_watermark in order, per key.
CREATE TABLE sync_watermark_pending (
    connection_id uuid        NOT NULL,
    stream        text        NOT NULL,
    watermark     timestamptz NOT NULL,
    offsets       jsonb       NOT NULL,
    received_at   timestamptz NOT NULL,
    PRIMARY KEY (connection_id, stream, watermark)
);

-- Streams of deleted (or purged) connections: a tombstone on dora.sync.v1. Out of dataAsOf's scope.
CREATE TABLE sync_retired (
    connection_id uuid        NOT NULL,
    stream        text        NOT NULL,
    retired_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, stream)
);
