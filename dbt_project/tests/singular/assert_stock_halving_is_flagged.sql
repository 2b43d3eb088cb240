{{ config(meta={"dagster": {"ref": {"name": "fct_indicator_values"}}}) }}
-- A stock (e.g. the number of HTX) that falls by more than half from the same period type a year earlier
-- must carry a warning flag: either a real collapse someone confirmed, or a typo nobody noticed.
with

indicator_values as (

    select * from {{ ref('fct_indicator_values') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

stocks as (

    select
        indicator_values.*,
        periods.year
    from indicator_values
    inner join indicators
        on indicator_values.indicator_code = indicators.indicator_code
    inner join periods
        on indicator_values.period_code = periods.period_code
    where indicators.kind = 'stock'

)

select
    current_period.province_key,
    current_period.period_code,
    current_period.reporter,
    current_period.indicator_code,
    previous_period.value as previous_value,
    current_period.value
from stocks as current_period
inner join stocks as previous_period
    on
        current_period.province_key = previous_period.province_key
        and current_period.reporter = previous_period.reporter
        and current_period.indicator_code = previous_period.indicator_code
        and current_period.period_type = previous_period.period_type
        and current_period.year - 1 = previous_period.year
where
    current_period.value < 0.5 * previous_period.value
    and not current_period.is_flagged
