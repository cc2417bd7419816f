-- A metrics query filtered by service (the dashboard's and the API's most common filter) read every daily rollup
-- row of its window and dropped the other services' (the primary key leads with connection_id, then day): one
-- service of 50 over 24 months read 50 times the rows it used (B2 in docs/performance.md). With this index it
-- reads its own rows only.
CREATE INDEX deployment_daily_service ON deployment_daily (service, day);
