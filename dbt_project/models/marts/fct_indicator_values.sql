with

current_submissions as (

    select * from {{ ref('int_submissions__current') }}

),

indicator_values as (

    select * from {{ ref('stg_landing__indicator_values') }}

),

final as (

    select
        current_submissions.province_key,
        current_submissions.period_code,
        current_submissions.reporter,
        indicator_values.indicator_code,
        indicator_values.value,
        indicator_values.target,
        indicator_values.submission_id,
        'structured' as source_type,
        indicator_values.provenance,
        indicator_values.provenance_note,
        indicator_values.is_flagged,
        indicator_values.flag_reasons
    from indicator_values
    inner join current_submissions
        on indicator_values.submission_id = current_submissions.submission_id

)

select * from final
