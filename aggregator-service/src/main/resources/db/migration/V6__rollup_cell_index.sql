-- Ingestion recomputes the daily rollup rows a batch touched from the stored deployments (rollup/RollupRefresh):
-- each row is one cell (connection, UTC day, service, env, team; '' for none). This index holds exactly that key,
-- so reading a cell's deployments is one index range; without it the join on coalesce(service, '') etc. could use
-- no index and read the whole table once per batch (B1 in docs/performance.md: a cost growing with the history).
CREATE INDEX deployment_rollup_cell ON deployment
    (connection_id, coalesce(service, ''), coalesce(env, ''), coalesce(team, ''), window_at) WHERE NOT deleted;
