-- Indicator values of the current version of each (province, period, reporter) only; superseded
-- versions stay in fct_submissions. The period type travels with every value: H1 and FY never mix.
with

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

indicator_values as (

    select * from {{ ref('stg_landing__indicator_values') }}

),

periods as (

    select * from {{ ref('stg_reference__periods') }}

),

final as (

    select
        current_submissions.province_key,
        current_submissions.period_code,
        periods.period_type,
        periods.year,
        current_submissions.reporter,
        indicator_values.indicator_code,
        indicator_values.value,
        indicator_values.target,
        indicator_values.submission_id,
        indicator_values.provenance,
        indicator_values.provenance_note,
        indicator_values.obs_status,
        indicator_values.is_flagged,
        indicator_values.flag_reasons
    from indicator_values
    inner join current_submissions
        on indicator_values.submission_id = current_submissions.submission_id
    inner join periods
        on current_submissions.period_code = periods.period_code

)

select * from final
