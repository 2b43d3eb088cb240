-- A value far from its peers: the same indicator, period and reporter in the other units that reported it.
-- Robust z-score (Iglewicz & Hoaglin) on the logarithm, because provinces differ in size by orders of
-- magnitude: z = 0.6745 × (ln value − median) / MAD, an outlier when |z| > 3.5 (thresholds: the rules file's
-- peer_outlier, passed as dbt vars). Medians, not means, so an
-- outlier cannot hide by inflating the spread. Only positive values, and only with at least 8 peers.
-- A warning for follow-up, never a failure.
with

values_current as (

    select * from {{ ref('int_indicator_values__current') }}

),

indicator_values as (

    select * from {{ ref('stg_landing__indicator_values') }}

),

logged as (

    select
        submission_id,
        province_key,
        period_code,
        reporter,
        indicator_code,
        value,
        ln(value) as log_value
    from values_current
    where value > 0

),

peers as (

    select
        period_code,
        reporter,
        indicator_code,
        {{ median('log_value') }} as peer_median,
        count(*) as n_peers
    from logged
    group by period_code, reporter, indicator_code
    having count(*) >= {{ var('peer_outlier_min_peers') }}

),

deviations as (

    select
        logged.*,
        peers.peer_median,
        peers.n_peers,
        abs(logged.log_value - peers.peer_median) as abs_deviation
    from logged
    inner join peers
        on
            logged.period_code = peers.period_code
            and logged.reporter = peers.reporter
            and logged.indicator_code = peers.indicator_code

),

spread as (

    select
        period_code,
        reporter,
        indicator_code,
        {{ median('abs_deviation') }} as mad
    from deviations
    group by period_code, reporter, indicator_code

),

scored as (

    select
        deviations.*,
        exp(deviations.peer_median) as typical_value,
        0.6745 * (deviations.log_value - deviations.peer_median) / spread.mad as robust_z
    from deviations
    inner join spread
        on
            deviations.period_code = spread.period_code
            and deviations.reporter = spread.reporter
            and deviations.indicator_code = spread.indicator_code
    where spread.mad > 0

),

final as (

    select
        scored.submission_id,
        scored.province_key,
        scored.period_code,
        scored.reporter,
        scored.indicator_code,
        scored.value,
        scored.typical_value,
        scored.robust_z,
        scored.n_peers,
        indicator_values.sheet_row,
        indicator_values.value_cell
    from scored
    left join indicator_values
        on
            scored.submission_id = indicator_values.submission_id
            and scored.indicator_code = indicator_values.indicator_code
    where abs(scored.robust_z) > {{ var('peer_outlier_robust_z') }}

)

select * from final
