-- Ingestion no longer merges value arrays incrementally: it recomputes the rollup rows a batch touched
-- from the stored deployments (rollup/RollupRefresh, with the one SQL that says what a deployment adds),
-- so the array-merging twin of that rule is gone.
DROP FUNCTION dora_values(double precision[], double precision[], double precision[]);
