-- The outbox (V3) was filled by row triggers: a PL/pgSQL call and an INSERT ... ON CONFLICT per daily row written,
-- about 25 µs each, 12 ms of the 120 ms in which a batch of 500 random deployments refreshes its rollups (B1 in
-- docs/performance.md). Statement triggers read the rows a statement wrote from its transition tables and enqueue
-- them with one INSERT: the same keys as before (a row inserted or deleted; a row updated unless it was rewritten as
-- it was, and both its keys should an update move it), each once per statement, with a new seq.
DROP TRIGGER deployment_daily_outbox_write ON deployment_daily;
DROP TRIGGER deployment_daily_outbox_update ON deployment_daily;
DROP FUNCTION deployment_daily_changed();

CREATE FUNCTION deployment_daily_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c uuid[];
    d date[];
    s text[];
    e text[];
    t text[];
BEGIN
    -- the keys the statement changed: each one once (the key is the primary key: at most one row a side)
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(connection_id), array_agg(day), array_agg(service), array_agg(env), array_agg(team)
        INTO c, d, s, e, t FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(connection_id), array_agg(day), array_agg(service), array_agg(env), array_agg(team)
        INTO c, d, s, e, t FROM old_rows;
    ELSE -- an update: each key whose row changed, appeared or disappeared
        SELECT array_agg(connection_id), array_agg(day), array_agg(service), array_agg(env), array_agg(team)
        INTO c, d, s, e, t
        FROM old_rows o FULL JOIN new_rows n USING (connection_id, day, service, env, team)
        WHERE o.connection_id IS NULL OR n.connection_id IS NULL OR o IS DISTINCT FROM n;
    END IF;
    INSERT INTO metrics_outbox (connection_id, day, service, env, team)
    SELECT * FROM unnest(c, d, s, e, t)
    ON CONFLICT (connection_id, day, service, env, team) DO UPDATE SET seq = nextval('metrics_outbox_seq'), changed_at = now();
    RETURN NULL;
END;
$$;

CREATE TRIGGER deployment_daily_outbox_insert AFTER INSERT ON deployment_daily
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deployment_daily_rows_changed();
CREATE TRIGGER deployment_daily_outbox_update AFTER UPDATE ON deployment_daily
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deployment_daily_rows_changed();
CREATE TRIGGER deployment_daily_outbox_delete AFTER DELETE ON deployment_daily
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deployment_daily_rows_changed();
