with

values_flagged as (

    select * from {{ ref('int_indicator_values__flagged') }}

),

final as (

    select
        province_key,
        period_code,
        period_type,
        reporter,
        indicator_code,
        value,
        target,
        submission_id,
        'structured' as source_type,
        provenance,
        provenance_note,
        obs_status,
        is_flagged,
        flag_reasons
    from values_flagged

)

select * from final
