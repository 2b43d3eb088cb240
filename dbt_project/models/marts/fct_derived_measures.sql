-- Measures computed from reported figures only, never from data the warehouse does not have:
-- growth versus the same period a year earlier (same period type: H1 with H1, FY with FY), achievement
-- of plan, and the ratios of sources/reference/derived_measures.csv. A roll-up that does not cover all
-- of a unit's old provinces is never an input: a ratio of partial sums would compare different places.
-- A measure is as final as its least final input (growth from an estimate is an estimate).
with

indicator_values as (

    select * from {{ ref('int_indicator_values__boundaries') }}

),

measures as (

    select * from {{ ref('stg_reference__derived_measures') }}

),

-- The stars mix divides by the rated products: the three star counts, when all three are reported.
ocop_rated as (

    select
        boundary,
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        'ocop_rated_total' as indicator_code,
        sum(value) as value,
        cast(null as double) as target,
        min(case when is_complete then 1 else 0 end) = 1 as is_complete,
        false as is_target_complete,
        {{ least_final_status('obs_status') }} as obs_status
    from indicator_values
    where
        indicator_code in ('ocop_3_star', 'ocop_4_star', 'ocop_5_star')
        and value is not null
    group by boundary, province_key, period_code, period_type, year, reporter
    having count(*) = 3

),

inputs as (

    select
        boundary,
        province_key,
        period_code,
        period_type,
        year,
        reporter,
        indicator_code,
        value,
        target,
        is_complete,
        is_target_complete,
        obs_status
    from indicator_values
    union all
    select * from ocop_rated

),

growth as (

    select
        current_period.boundary,
        current_period.province_key,
        current_period.period_code,
        current_period.period_type,
        current_period.reporter,
        'growth_yoy' as measure_code,
        current_period.indicator_code,
        current_period.value / previous_period.value - 1 as value,
        current_period.value as numerator,
        previous_period.value as denominator,
        {{ least_final_of('current_period.obs_status', 'previous_period.obs_status') }} as obs_status
    from inputs as current_period
    inner join inputs as previous_period
        on
            current_period.boundary = previous_period.boundary
            and current_period.province_key = previous_period.province_key
            and current_period.reporter = previous_period.reporter
            and current_period.indicator_code = previous_period.indicator_code
            and current_period.period_type = previous_period.period_type
            and current_period.year - 1 = previous_period.year
    where
        current_period.is_complete
        and previous_period.is_complete
        and previous_period.value > 0
        and current_period.indicator_code != 'ocop_rated_total'

),

achievement as (

    select
        boundary,
        province_key,
        period_code,
        period_type,
        reporter,
        'target_achievement' as measure_code,
        indicator_code,
        value / target as value,
        value as numerator,
        target as denominator,
        obs_status
    from inputs
    where is_complete and is_target_complete and target != 0

),

ratios as (

    select
        numerators.boundary,
        numerators.province_key,
        numerators.period_code,
        numerators.period_type,
        numerators.reporter,
        measures.measure_code,
        numerators.indicator_code,
        numerators.value / denominators.value as value,
        numerators.value as numerator,
        denominators.value as denominator,
        {{ least_final_of('numerators.obs_status', 'denominators.obs_status') }} as obs_status
    from measures
    inner join inputs as numerators
        on measures.numerator_code = numerators.indicator_code
    inner join inputs as denominators
        on
            measures.denominator_code = denominators.indicator_code
            and numerators.boundary = denominators.boundary
            and numerators.province_key = denominators.province_key
            and numerators.period_code = denominators.period_code
            and numerators.reporter = denominators.reporter
    where
        measures.kind = 'ratio'
        and numerators.is_complete
        and denominators.is_complete
        and denominators.value != 0

),

final as (

    select * from growth
    union all
    select * from achievement
    union all
    select * from ratios

)

select * from final
