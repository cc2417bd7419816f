-- The latest version of every deployment event. A deleted event keeps its row (deleted = true) so
-- that an older version arriving later cannot resurrect it; a newer version re-creates it.
CREATE TABLE deployment (
    connection_id uuid        NOT NULL,
    event_id      text        NOT NULL,
    version       bigint      NOT NULL,
    deleted       boolean     NOT NULL,
    service       text,
    env           text,
    team          text,
    started_at    timestamptz,
    finished_at   timestamptz,
    -- The instant that places the deployment in a window: finished_at, else started_at.
    window_at     timestamptz,
    event         jsonb,
    raw           jsonb,
    observed_at   timestamptz,
    applied_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, event_id)
);
CREATE INDEX deployment_window ON deployment (window_at) WHERE NOT deleted;

-- The latest version of every failure (incident) event; services/envs/teams are sets.
CREATE TABLE incident (
    connection_id uuid        NOT NULL,
    event_id      text        NOT NULL,
    version       bigint      NOT NULL,
    deleted       boolean     NOT NULL,
    services      text[],
    envs          text[],
    teams         text[],
    started_at    timestamptz,
    finished_at   timestamptz,
    event         jsonb,
    raw           jsonb,
    observed_at   timestamptz,
    applied_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, event_id)
);
CREATE INDEX incident_started ON incident (started_at) WHERE NOT deleted;

-- Daily deployment rollup per (connection, UTC day, service, env, team); '' stands for "none".
-- Maintained incrementally: a changed or deleted event moves its contribution.
CREATE TABLE deployment_daily (
    connection_id uuid   NOT NULL,
    day           date   NOT NULL,
    service       text   NOT NULL,
    env           text   NOT NULL,
    team          text   NOT NULL,
    deployments   bigint NOT NULL,
    PRIMARY KEY (connection_id, day, service, env, team)
);
CREATE INDEX deployment_daily_day ON deployment_daily (day);

-- The latest watermark applied per connection and stream: what dataAsOf is computed from.
CREATE TABLE sync_watermark (
    connection_id uuid        NOT NULL,
    stream        text        NOT NULL,
    watermark     timestamptz NOT NULL,
    applied_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, stream)
);
