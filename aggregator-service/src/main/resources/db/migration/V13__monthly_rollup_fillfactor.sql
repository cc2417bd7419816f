-- Every batch that touches a month rewrites its cells' monthly rows and its connection's (rollup/RollupRefresh: an
-- upsert of the whole row, about 1.4 KiB for a cell). On full pages no new version fits beside the old one, so each
-- rewrite went to another page with a new entry in every index, and the table grew with the rewrites instead of the
-- rows: after B3's ingestion (docs/performance.md) deployment_monthly held 3,450 rows on 6,118 pages, 14,472 entries
-- in its month index, and a 24-month summary read 4,739 pages for its months' recovery times. Half-empty pages let a
-- rewrite stay on its page (a HOT update: no index entry, the old version pruned when the page is next read), as
-- PostgreSQL's documentation advises for heavily updated tables. The key columns, the only indexed ones, never
-- change on a rewrite. Rows inserted from now on leave the room; existing bloat stays until a VACUUM FULL.
ALTER TABLE deployment_monthly SET (fillfactor = 50);
ALTER TABLE deployment_connection_monthly SET (fillfactor = 50);
