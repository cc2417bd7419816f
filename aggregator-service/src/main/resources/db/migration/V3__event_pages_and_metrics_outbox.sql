-- Keyset pagination of /internal/events: newest first by the instant that places an event in a window,
-- ties broken by (connection_id, event_id). A backward scan of these indexes serves both the first page
-- and every "(sort instant, connection_id, event_id) < cursor" page without sorting.
CREATE INDEX deployment_event_page ON deployment (window_at, connection_id, event_id) WHERE NOT deleted;
CREATE INDEX incident_event_page ON incident (started_at, connection_id, event_id) WHERE NOT deleted;

-- Daily rollups that changed and are not yet published on dora.metrics.v1 (transactional outbox).
-- Filled by the triggers below, in the transaction that changes deployment_daily, so a crash between
-- that commit and the publication loses nothing; one row per key, however often it changed (seq and
-- changed_at tell the latest change). The publisher deletes a row only after Kafka acknowledged the
-- record AND only if seq is still the one it published, so a change racing the publication is kept.
CREATE SEQUENCE metrics_outbox_seq;
CREATE TABLE metrics_outbox (
    connection_id uuid        NOT NULL,
    day           date        NOT NULL,
    service       text        NOT NULL,
    env           text        NOT NULL,
    team          text        NOT NULL,
    seq           bigint      NOT NULL DEFAULT nextval('metrics_outbox_seq'),
    changed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, day, service, env, team)
);
CREATE INDEX metrics_outbox_seq_order ON metrics_outbox (seq);

CREATE FUNCTION metrics_outbox_enqueue(c uuid, d date, s text, e text, t text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO metrics_outbox (connection_id, day, service, env, team) VALUES (c, d, s, e, t)
    ON CONFLICT (connection_id, day, service, env, team)
    DO UPDATE SET seq = nextval('metrics_outbox_seq'), changed_at = now();
$$;

-- Triggers rather than calls in the ingestion code: every writer of deployment_daily (incremental
-- ingestion, verdict updates, a rebuild) is covered without having to remember the outbox.
CREATE FUNCTION deployment_daily_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM metrics_outbox_enqueue(OLD.connection_id, OLD.day, OLD.service, OLD.env, OLD.team);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (OLD.connection_id, OLD.day, OLD.service, OLD.env, OLD.team)
            IS DISTINCT FROM (NEW.connection_id, NEW.day, NEW.service, NEW.env, NEW.team)) THEN
        PERFORM metrics_outbox_enqueue(NEW.connection_id, NEW.day, NEW.service, NEW.env, NEW.team);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER deployment_daily_outbox_write AFTER INSERT OR DELETE ON deployment_daily
    FOR EACH ROW EXECUTE FUNCTION deployment_daily_changed();
CREATE TRIGGER deployment_daily_outbox_update AFTER UPDATE ON deployment_daily
    FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION deployment_daily_changed();

-- TRUNCATE fires no row trigger: enqueue every key beforehand, so the ones not written again become tombstones.
CREATE FUNCTION deployment_daily_truncating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_outbox_enqueue(connection_id, day, service, env, team) FROM deployment_daily;
    RETURN NULL;
END;
$$;

CREATE TRIGGER deployment_daily_outbox_truncate BEFORE TRUNCATE ON deployment_daily
    FOR EACH STATEMENT EXECUTE FUNCTION deployment_daily_truncating();
