-- A bucket is the pair (sign(x), index of |x|), and dora_bucket names it "sign:index" (V10). Grouping values by that
-- text cost a query that buckets them about 0.5 µs per value (building the text, then hashing it): 5.5 ms of the
-- 9 ms in which a 24-month summary buckets its partial months' 10,600 lead times (B2 in docs/performance.md). The
-- index of the rule is now a function of its own, which such a query groups by with sign(x) and names per bucket
-- only afterwards (query/PercentileQuery); dora_bucket names the same buckets from it, so no stored sketch changes.
-- Both are inlined into the statements that use them (rollup/RollupSqlTest).
CREATE FUNCTION dora_bucket_index(x double precision)
    RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN x = 0 THEN 0 ELSE ceil(ln(abs(x)) / ln(1.01::float8 / 0.99::float8))::int END
$$;

CREATE OR REPLACE FUNCTION dora_bucket(x double precision)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sign(x)::int::text || ':' || dora_bucket_index(x)::text
$$;
