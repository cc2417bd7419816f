-- An exact percentile of the recovery times (up to 100,000 values, docs/metrics.md) read every daily row of its
-- window to unnest their values: at a quarter of B2's sizes about 30,000 values from some 100,000 daily rows, the
-- largest part of a 24-month summary's time (B2 in docs/performance.md). The cells' monthly rows now also count
-- each recovery time ({"seconds": n}, the whole seconds the deployments store), so that the whole months of a
-- window read one row per cell and month, and the daily rows only for the days outside them. Kept with the
-- sketches in the same statement, by the touched daily rows' new values less their old ones (rollup/RollupRefresh);
-- keys whose count reaches 0 are dropped (dora_counts). deployment_connection_monthly keeps none: one document per
-- connection and month would hold every distinct value of its cells and be rewritten whole by each batch touching
-- the month, for about as many values read.
ALTER TABLE deployment_monthly
    ADD COLUMN cf_recovery_values   jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN link_recovery_values jsonb NOT NULL DEFAULT '{}';
-- The defaults only fill the rows already there (the rebuild below recomputes them); every writer sets every column.
ALTER TABLE deployment_monthly
    ALTER COLUMN cf_recovery_values DROP DEFAULT, ALTER COLUMN link_recovery_values DROP DEFAULT;

-- Rows stored before this version have no value counts: the service rebuilds the rollups at its next start.
INSERT INTO rollup_rebuild_request (requested_at)
    SELECT now() WHERE EXISTS (SELECT 1 FROM deployment);
