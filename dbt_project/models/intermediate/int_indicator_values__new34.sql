-- Every value on the 34 units. Before 2025-07-01 the old provinces are rolled up into their successor:
-- sums add up; averages are weighted by the indicator's weight (Σ value×weight / Σ weight, over the
-- provinces that reported both), never a mean of means. Targets roll up the same way, with the same
-- weights (the reported actual of the weight indicator). From 2025-07-01 the units report directly.
-- Reporters stay apart: the reporter is part of every grouping key. A roll-up is as final as its least
-- final part (one province's estimate makes the unit's total an estimate).
with

values_current as (

    select * from {{ ref('int_indicator_values__flagged') }}

),

lineage as (

    select * from {{ ref('int_provinces__lineage') }}

),

indicators as (

    select * from {{ ref('stg_reference__indicators') }}

),

old_values as (

    select
        lineage.new_province_key as province_key,
        values_current.period_code,
        values_current.period_type,
        values_current.year,
        values_current.reporter,
        values_current.indicator_code,
        values_current.province_key as old_province_key,
        values_current.value,
        values_current.target,
        values_current.provenance,
        values_current.obs_status,
        values_current.is_flagged,
        indicators.aggregation,
        lineage.n_old_provinces,
        -- The weight is the same province's own figure for the weight indicator (e.g. its number of HTX).
        case when indicators.aggregation = 'weighted_mean' then weights.value else 1 end as weight
    from values_current
    inner join lineage
        on values_current.province_key = lineage.old_province_key
    inner join indicators
        on values_current.indicator_code = indicators.indicator_code
    left join values_current as weights
        on
            values_current.province_key = weights.province_key
            and values_current.period_code = weights.period_code
            and values_current.reporter = weights.reporter
            and indicators.weight_indicator = weights.indicator_code

),

contributions as (

    select
        *,
        case when value is not null and weight is not null then old_province_key end as value_from,
        case when target is not null and weight is not null then old_province_key end as target_from
    from old_values

),

rolled_up as (

    select
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        indicator_code,
        case
            when aggregation = 'sum' then sum(case when value_from is not null then value end)
            else
                sum(case when value_from is not null then value * weight end)
                / nullif(sum(case when value_from is not null then weight end), 0)
        end as value,
        case
            when aggregation = 'sum' then sum(case when target_from is not null then target end)
            else
                sum(case when target_from is not null then target * weight end)
                / nullif(sum(case when target_from is not null then weight end), 0)
        end as target,
        count(value_from) as n_provinces_reported,
        count(target_from) as n_targets_reported,
        max(n_old_provinces) as n_provinces_expected,
        {{ dbt.listagg('value_from', "','", 'order by value_from') }} as rolled_up_from,
        case
            when min(case when value_from is not null then provenance end) is null then null
            when
                min(case when value_from is not null then provenance end)
                = max(case when value_from is not null then provenance end)
                then min(case when value_from is not null then provenance end)
            else 'mixed'
        end as provenance,
        max(case when value_from is not null and is_flagged then 1 else 0 end) = 1 as is_flagged,
        {{ least_final_status('case when value_from is not null then obs_status end') }} as obs_status
    from contributions
    group by province_key, period_code, period_type, year, reporter, indicator_code, aggregation

),

new_values as (

    select
        values_current.province_key,
        values_current.period_code,
        values_current.period_type,
        values_current.year,
        values_current.reporter,
        values_current.indicator_code,
        values_current.value,
        values_current.target,
        case when values_current.value is not null then 1 else 0 end as n_provinces_reported,
        case when values_current.target is not null then 1 else 0 end as n_targets_reported,
        1 as n_provinces_expected,
        case when values_current.value is not null then values_current.province_key end as rolled_up_from,
        case when values_current.value is not null then values_current.provenance end as provenance,
        values_current.value is not null and values_current.is_flagged as is_flagged,
        case when values_current.value is not null then values_current.obs_status end as obs_status
    from values_current
    where values_current.province_key in (select lineage.new_province_key from lineage)

),

all_values as (

    select * from rolled_up
    union all
    select * from new_values

),

final as (

    select
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        indicator_code,
        value,
        target,
        cast(n_provinces_reported as double) / n_provinces_expected as coverage,
        n_provinces_reported = n_provinces_expected as is_complete,
        n_targets_reported = n_provinces_expected as is_target_complete,
        n_provinces_reported,
        n_provinces_expected,
        rolled_up_from,
        provenance,
        is_flagged,
        obs_status
    from all_values

)

select * from final
