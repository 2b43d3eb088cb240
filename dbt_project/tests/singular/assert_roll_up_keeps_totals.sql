{{ config(meta={"dagster": {"ref": {"name": "fct_indicator_values_new34"}}}) }}
-- Rolling old provinces up into the 34 units moves figures, it never creates or loses them: for every
-- summed indicator, period and reporter, the total over the 34 units equals the total as reported.
with

as_reported as (

    select * from {{ ref('fct_indicator_values') }}

),

new34 as (

    select * from {{ ref('fct_indicator_values_new34') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

reported_totals as (

    select
        as_reported.period_code,
        as_reported.reporter,
        as_reported.indicator_code,
        sum(as_reported.value) as total
    from as_reported
    inner join indicators
        on as_reported.indicator_code = indicators.indicator_code
    where indicators.aggregation = 'sum'
    group by as_reported.period_code, as_reported.reporter, as_reported.indicator_code

),

new34_totals as (

    select
        period_code,
        reporter,
        indicator_code,
        sum(value) as total
    from new34
    group by period_code, reporter, indicator_code

)

select
    reported_totals.*,
    new34_totals.total as new34_total
from reported_totals
left join new34_totals
    on
        reported_totals.period_code = new34_totals.period_code
        and reported_totals.reporter = new34_totals.reporter
        and reported_totals.indicator_code = new34_totals.indicator_code
where
    (reported_totals.total is null) != (new34_totals.total is null)
    or abs(reported_totals.total - new34_totals.total) > 1e-6 * abs(reported_totals.total)
