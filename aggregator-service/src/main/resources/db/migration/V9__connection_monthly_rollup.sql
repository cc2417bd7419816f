-- A summary over every service (no service, env or team filter) merged one monthly row per cell and month: with 150
-- cells, 3,450 rows and 205,000 sketch buckets for a 24-month window of 250,000 deployments, most of its time (B2 and
-- B3 in docs/performance.md). deployment_connection_monthly holds, per connection and month, deployment_monthly's columns
-- with every cell added up (rollup/RollupSql.connectionMonthly), so that such a summary and a monthly series read one
-- row per connection and month. Kept in the same statement as deployment_monthly, by the sum of its cells' moves
-- (rollup/RollupRefresh); a row whose deployments reach 0 is deleted.
-- deployment_monthly's columns (NOT NULL, no defaults), without the cell.
CREATE TABLE deployment_connection_monthly (LIKE deployment_monthly);
ALTER TABLE deployment_connection_monthly DROP COLUMN service, DROP COLUMN env, DROP COLUMN team,
    ADD PRIMARY KEY (connection_id, month);
-- Every connection's months (a summary without a connection filter).
CREATE INDEX deployment_connection_monthly_month ON deployment_connection_monthly (month);

-- Rows stored before this version: the service rebuilds the rollups at its next start, filling the new table.
INSERT INTO rollup_rebuild_request (requested_at)
    SELECT now() WHERE EXISTS (SELECT 1 FROM deployment);
