-- A summary of 24 months read every daily rollup row of its window (up to 730 per cell) to add up counts, so its
-- cost grew with the events until every day of every cell had a row (B3 in docs/performance.md). The monthly
-- sketches become the monthly rollup: per (connection, month, service, env, team) the sums of the daily rows'
-- counts, the number of values of each distribution (n_*), the deployments per day of the month
-- (day_deployments: {"day of month": n}), the remediation counts and the sketches as before. A query reads one row
-- per cell and month for the whole months of its window and the daily rows only for the days outside them.
-- Kept with deployment_daily in the same transaction by moving it by the touched daily rows' new values less their
-- old ones (rollup/RollupRefresh); a row whose deployments reach 0 is deleted.
ALTER TABLE deployment_sketch_monthly RENAME TO deployment_monthly;
ALTER INDEX deployment_sketch_monthly_pkey RENAME TO deployment_monthly_pkey;
ALTER INDEX deployment_sketch_monthly_month RENAME TO deployment_monthly_month;
ALTER TABLE deployment_monthly
    ADD COLUMN deployments      bigint NOT NULL DEFAULT 0,
    ADD COLUMN cf_failed        bigint NOT NULL DEFAULT 0,
    ADD COLUMN cf_stable        bigint NOT NULL DEFAULT 0,
    ADD COLUMN cf_pending       bigint NOT NULL DEFAULT 0,
    ADD COLUMN link_failed      bigint NOT NULL DEFAULT 0,
    ADD COLUMN type_known       bigint NOT NULL DEFAULT 0,
    ADD COLUMN rework           bigint NOT NULL DEFAULT 0,
    ADD COLUMN n_lead_times     bigint NOT NULL DEFAULT 0,
    ADD COLUMN n_cf_recovery    bigint NOT NULL DEFAULT 0,
    ADD COLUMN n_link_recovery  bigint NOT NULL DEFAULT 0,
    ADD COLUMN day_deployments  jsonb  NOT NULL DEFAULT '{}',
    ADD COLUMN cf_remediation   jsonb  NOT NULL DEFAULT '{}',
    ADD COLUMN link_remediation jsonb  NOT NULL DEFAULT '{}';
-- The defaults only fill the rows already there (the rebuild below recomputes them); every writer sets every column.
ALTER TABLE deployment_monthly
    ALTER COLUMN deployments DROP DEFAULT, ALTER COLUMN cf_failed DROP DEFAULT, ALTER COLUMN cf_stable DROP DEFAULT,
    ALTER COLUMN cf_pending DROP DEFAULT, ALTER COLUMN link_failed DROP DEFAULT, ALTER COLUMN type_known DROP DEFAULT,
    ALTER COLUMN rework DROP DEFAULT, ALTER COLUMN n_lead_times DROP DEFAULT, ALTER COLUMN n_cf_recovery DROP DEFAULT,
    ALTER COLUMN n_link_recovery DROP DEFAULT, ALTER COLUMN day_deployments DROP DEFAULT,
    ALTER COLUMN cf_remediation DROP DEFAULT, ALTER COLUMN link_remediation DROP DEFAULT;
-- One service's months without reading the others' (as deployment_daily_service does for days).
CREATE INDEX deployment_monthly_service ON deployment_monthly (service, month);

-- The sum of counts objects {key: n}; keys whose sum is 0 are dropped.
CREATE FUNCTION dora_sum_counts(cs jsonb[])
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(k, n), '{}')
    FROM (SELECT e.key AS k, sum(e.value::bigint) AS n FROM unnest(cs) AS c, jsonb_each_text(c) AS e GROUP BY e.key) AS s
    WHERE n <> 0
$$;

-- Rows stored before this version have no monthly counts: the service rebuilds the rollups at its next start.
INSERT INTO rollup_rebuild_request (requested_at)
    SELECT now() WHERE EXISTS (SELECT 1 FROM deployment);
