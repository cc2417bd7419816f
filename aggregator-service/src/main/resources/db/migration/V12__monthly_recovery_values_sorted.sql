-- V11's value counts ({"seconds": n}) made an exact recovery-time percentile over whole months read one row per cell
-- and month, but each query still expanded every count through jsonb (text keys cast back to numbers, a series per
-- count): at a quarter of B2's sizes that expansion cost as much as the sort it fed (docs/performance.md). The cells'
-- monthly rows now hold the recovery times themselves, sorted, each as often as it occurs, in the daily rows' form
-- (double precision[] of whole seconds): a query unnests them like the daily rows' arrays.
--
-- A batch still computes its moves as counts {"seconds": ±n} (rollup/RollupRefresh, one rule with the sketches' moves);
-- dora_move_values applies them to a row's sorted values: a's values plus each key n times where n > 0, less n of its
-- occurrences where n < 0 (none left at worst).
CREATE FUNCTION dora_move_values(a double precision[], delta jsonb)
    RETURNS double precision[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(v ORDER BY v), '{}')
    FROM (SELECT v, row_number() OVER (PARTITION BY v) AS k
          FROM (SELECT unnest(a) AS v
                UNION ALL SELECT e.key::float8 FROM jsonb_each_text(delta) AS e, generate_series(1, e.value::bigint)) AS x) AS kept
    WHERE k > coalesce((SELECT -e.value::bigint FROM jsonb_each_text(delta) AS e
                        WHERE e.key::float8 = kept.v AND e.value::bigint < 0), 0)
$$;

-- The counts become the values they count: exact, no rebuild needed.
ALTER TABLE deployment_monthly
    ALTER COLUMN cf_recovery_values TYPE double precision[] USING dora_move_values('{}', cf_recovery_values),
    ALTER COLUMN link_recovery_values TYPE double precision[] USING dora_move_values('{}', link_recovery_values);
