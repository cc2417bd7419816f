-- dora_bucket was never inlined: `sign(x)::int || ':'` resolves to anytextcat, which is only STABLE (it calls the
-- type's output function), and PostgreSQL inlines an IMMUTABLE SQL function only if its body is immutable too. So
-- every value bucketed paid a call of the SQL-function executor, about 3 to 7 µs: a third of a 24-month summary's
-- time (the partial months' lead times, B2 in docs/performance.md) and part of every batch's rollup refresh
-- (rollup/RollupRefresh buckets each touched row's values). The same rule with explicit text casts (textcat, int4
-- to text: immutable) is inlined into the statements that use it; it names every bucket as before, so no stored
-- sketch changes. rollup/RollupSqlTest checks that it stays inlined.
CREATE OR REPLACE FUNCTION dora_bucket(x double precision)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sign(x)::int::text || ':' || (CASE WHEN x = 0 THEN 0 ELSE ceil(ln(abs(x)) / ln(1.01::float8 / 0.99::float8))::int END)::text
$$;
