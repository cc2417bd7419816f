-- Connections to Datadog organisations. Keys are stored encrypted (AES-256-GCM, "v1:<keyId>:<base64>").
CREATE TABLE connection (
    id                    uuid PRIMARY KEY,
    name                  text        NOT NULL,
    site                  text        NOT NULL,
    api_key_enc           text        NOT NULL,
    app_key_enc           text        NOT NULL,
    api_key_hint          text        NOT NULL,
    app_key_hint          text        NOT NULL,
    query                 text,
    backfill_days         integer     NOT NULL CHECK (backfill_days BETWEEN 1 AND 730),
    poll_interval_seconds integer     NOT NULL CHECK (poll_interval_seconds >= 1),
    paused                boolean     NOT NULL DEFAULT false,
    status                text        NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- Sync state of each stream (deployments, failures) of each connection.
CREATE TABLE stream_state (
    connection_id        uuid        NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    stream               text        NOT NULL CHECK (stream IN ('deployments', 'failures')),
    state                text        NOT NULL,
    available            boolean     NOT NULL,
    availability_detail  text,
    backfill_from        timestamptz NOT NULL,
    position             timestamptz,
    next_poll_at         timestamptz NOT NULL,
    last_success_at      timestamptz,
    last_error           text,
    events_published     bigint      NOT NULL DEFAULT 0,
    events_rejected      bigint      NOT NULL DEFAULT 0,
    rate_limit_remaining integer,
    PRIMARY KEY (connection_id, stream)
);
CREATE INDEX stream_state_due ON stream_state (next_poll_at);

-- The version counter of every event published: raised only when the normalized event changes.
CREATE TABLE event_version (
    connection_id uuid        NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    stream        text        NOT NULL,
    event_id      text        NOT NULL,
    version       bigint      NOT NULL,
    content_hash  text,
    deleted       boolean     NOT NULL DEFAULT false,
    started_at    timestamptz NOT NULL,
    published_at  timestamptz NOT NULL,
    PRIMARY KEY (connection_id, stream, event_id)
);
