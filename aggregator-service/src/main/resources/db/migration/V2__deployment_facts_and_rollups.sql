-- Every DORA figure from rollups (docs/metrics.md, docs/architecture.md "How a query is answered").

-- What the figures read of a deployment, derived from its latest version at ingestion. link_failed is
-- its incident_link verdict, kept current as failures and neighbouring deployments arrive.
ALTER TABLE deployment
    ADD COLUMN lead_time_sec     double precision,
    ADD COLUMN change_failure    boolean,
    ADD COLUMN recovery_time_sec bigint,
    ADD COLUMN remediation_type  text,
    ADD COLUMN deployment_type   text,
    ADD COLUMN link_failed       boolean NOT NULL DEFAULT false;
-- The timeline of one connection, service and env (incident_link neighbours), in its order.
CREATE INDEX deployment_timeline ON deployment (connection_id, service, env, window_at, started_at) WHERE NOT deleted;

-- A failure's time to restore: time_to_restore when given, else finished_at - started_at; null while open.
ALTER TABLE incident ADD COLUMN time_to_restore_sec double precision;
CREATE INDEX incident_connection_started ON incident (connection_id, started_at) WHERE NOT deleted;

-- Daily deployment rollup per (connection, UTC day, service, env, team); '' stands for "none". It holds
-- every deployment figure's counts and value distributions, under both change-failure methods:
--   cf_*   the source's change_failure verdicts (failed / stable / pending), recovery times and
--          remediation types of the failed ones;
--   link_* the incident_link verdicts (failed; every other deployment is stable), same figures.
-- Value arrays are exact and kept sorted (a canonical form: incremental maintenance and a rebuild give
-- equal rows); remediation counts are {type: count} with 'unknown' for no type. A row whose deployments
-- reach 0 is deleted. Maintained incrementally in the ingestion transaction.
DROP TABLE deployment_daily;
CREATE TABLE deployment_daily (
    connection_id    uuid               NOT NULL,
    day              date               NOT NULL,
    service          text               NOT NULL,
    env              text               NOT NULL,
    team             text               NOT NULL,
    deployments      bigint             NOT NULL,
    cf_failed        bigint             NOT NULL,
    cf_stable        bigint             NOT NULL,
    cf_pending       bigint             NOT NULL,
    link_failed      bigint             NOT NULL,
    type_known       bigint             NOT NULL,
    rework           bigint             NOT NULL,
    lead_times       double precision[] NOT NULL,
    cf_recovery      double precision[] NOT NULL,
    link_recovery    double precision[] NOT NULL,
    cf_remediation   jsonb              NOT NULL,
    link_remediation jsonb              NOT NULL,
    PRIMARY KEY (connection_id, day, service, env, team)
);
CREATE INDEX deployment_daily_day ON deployment_daily (day);

-- A sorted multiset of values: a's values plus plus's, less one occurrence of each of minus's.
CREATE FUNCTION dora_values(a double precision[], plus double precision[], minus double precision[])
    RETURNS double precision[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(v ORDER BY v), '{}')
    FROM (SELECT v, row_number() OVER (PARTITION BY v) AS k
          FROM (SELECT unnest(a) AS v UNION ALL SELECT unnest(plus)) AS x) AS kept
    WHERE k > (SELECT count(*) FROM unnest(minus) AS m WHERE m = kept.v)
$$;

-- Counts {key: n} plus a delta {key: ±n}; keys whose count reaches 0 are dropped.
CREATE FUNCTION dora_counts(a jsonb, delta jsonb)
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(k, n), '{}')
    FROM (SELECT k, sum(n) AS n
          FROM (SELECT key AS k, value::bigint AS n FROM jsonb_each_text(a)
                UNION ALL SELECT key, value::bigint FROM jsonb_each_text(delta)) AS x
          GROUP BY k) AS s
    WHERE n <> 0
$$;

-- The counts {value: n} of a list of values.
CREATE FUNCTION dora_tally(vs text[])
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(v, n), '{}') FROM (SELECT v, count(*) AS n FROM unnest(vs) AS v GROUP BY v) AS s
$$;

-- Rows stored before this version lack the derived facts and rollup columns: the service rebuilds them
-- at its next start, then deletes this request.
CREATE TABLE rollup_rebuild_request (requested_at timestamptz NOT NULL);
INSERT INTO rollup_rebuild_request (requested_at)
    SELECT now() WHERE EXISTS (SELECT 1 FROM deployment) OR EXISTS (SELECT 1 FROM incident);

-- Monthly log-bucket histograms of the rollup's value arrays per (connection, month, service, env, team):
-- {"sign:index": count} over LogHistogram's fixed buckets (1% relative error). A figure over more than
-- 100,000 values merges these for the whole months of its window instead of reading every value. Kept
-- with deployment_daily in the same transaction; a row left without values is deleted.
CREATE TABLE deployment_sketch_monthly (
    connection_id uuid  NOT NULL,
    month         date  NOT NULL,
    service       text  NOT NULL,
    env           text  NOT NULL,
    team          text  NOT NULL,
    lead_times    jsonb NOT NULL,
    cf_recovery   jsonb NOT NULL,
    link_recovery jsonb NOT NULL,
    PRIMARY KEY (connection_id, month, service, env, team)
);
CREATE INDEX deployment_sketch_monthly_month ON deployment_sketch_monthly (month);

-- The LogHistogram bucket of a value: 'sign:index', index = ceil(ln|x| / ln γ), γ = 1.01/0.99 (0 for zero).
CREATE FUNCTION dora_bucket(x double precision)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sign(x)::int || ':' || CASE WHEN x = 0 THEN 0 ELSE ceil(ln(abs(x)) / ln(1.01::float8 / 0.99::float8))::int END
$$;

-- The bucket counts {"sign:index": n} of a list of values.
CREATE FUNCTION dora_buckets(vs double precision[])
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT dora_tally(array_agg(dora_bucket(v))) FROM unnest(vs) AS v
$$;

-- Counts {key: n} negated.
CREATE FUNCTION dora_negate(a jsonb)
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(key, -(value::bigint)), '{}') FROM jsonb_each_text(a)
$$;
