-- A summary's failures (query/MetricsSql.failures) read each failure's start, time to restore and whether it is open,
-- filtered by connection at most: with the index on started_at alone every one of them cost a heap row, wide with
-- the event's JSON (B2's 12,500 failures: 1,041 heap pages per summary, against about 70 index pages). The same key
-- with those columns included answers it from the index alone where the pages are all-visible (vacuumed), which
-- autovacuum keeps up for a table that mostly gains rows. A breakdown's failures read the service, env or team
-- arrays too and still visit the heap.
DROP INDEX incident_started;
CREATE INDEX incident_started ON incident (started_at) INCLUDE (connection_id, time_to_restore_sec, finished_at) WHERE NOT deleted;
